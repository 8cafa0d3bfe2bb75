;; The collector's per-gradient sweeps (see src/gradient-sweep.ts), in WebAssembly SIMD because
;; plain JavaScript runs them at a third of memory speed. The memory is shared so that a helper
;; thread can run the same kernels on the upper half of the coordinates (sweep-helper.ts). Layout is decided by the caller: the
;; gradient is staged chunk by chunk, the float64 running sum S and the sketch's sign bits and
;; block shifts stay in this memory. Addresses are byte offsets; element j of the staged gradient
;; is at gBase + 4j (gBase may wrap: i32 arithmetic is modulo 2^32, as are wasm addresses).
;; Bytes 0..511 hold the sign table: for each 4-bit sign nibble, two f64x2 masks with the sign bit
;; set in the lanes whose bit is set (xor with it negates those lanes).
(module
  (import "env" "memory" (memory 1 65536 shared))

  ;; Σ x_j² over n float32 values at p, in float64 (two f64x2 accumulators, scalar ends).
  (func (export "sumSquaresF32") (param $p i32) (param $n i32) (result f64)
    (local $end i32) (local $a v128) (local $b v128) (local $v v128) (local $s f64) (local $x f64)
    (local.set $end (i32.add (local.get $p) (i32.shl (local.get $n) (i32.const 2))))
    (block $done (loop $head
      (br_if $done (i32.eqz (i32.and (local.get $p) (i32.const 15))))
      (br_if $done (i32.ge_u (local.get $p) (local.get $end)))
      (local.set $x (f64.promote_f32 (f32.load (local.get $p))))
      (local.set $s (f64.add (local.get $s) (f64.mul (local.get $x) (local.get $x))))
      (local.set $p (i32.add (local.get $p) (i32.const 4)))
      (br $head)))
    (block $done (loop $vec
      (br_if $done (i32.gt_u (i32.add (local.get $p) (i32.const 16)) (local.get $end)))
      (local.set $v (f64x2.promote_low_f32x4 (v128.load (local.get $p))))
      (local.set $a (f64x2.add (local.get $a) (f64x2.mul (local.get $v) (local.get $v))))
      (local.set $v (f64x2.promote_low_f32x4 (v128.load64_zero offset=8 (local.get $p))))
      (local.set $b (f64x2.add (local.get $b) (f64x2.mul (local.get $v) (local.get $v))))
      (local.set $p (i32.add (local.get $p) (i32.const 16)))
      (br $vec)))
    (block $done (loop $tail
      (br_if $done (i32.ge_u (local.get $p) (local.get $end)))
      (local.set $x (f64.promote_f32 (f32.load (local.get $p))))
      (local.set $s (f64.add (local.get $s) (f64.mul (local.get $x) (local.get $x))))
      (local.set $p (i32.add (local.get $p) (i32.const 4)))
      (br $tail)))
    (local.set $a (f64x2.add (local.get $a) (local.get $b)))
    (f64.add (local.get $s) (f64.add (f64x2.extract_lane 0 (local.get $a)) (f64x2.extract_lane 1 (local.get $a)))))

  ;; Σ x_j² over n float64 values at p (8-byte aligned).
  (func (export "sumSquaresF64") (param $p i32) (param $n i32) (result f64)
    (local $end i32) (local $a v128) (local $b v128) (local $v v128) (local $s f64) (local $x f64)
    (local.set $end (i32.add (local.get $p) (i32.shl (local.get $n) (i32.const 3))))
    (block $done (loop $vec
      (br_if $done (i32.gt_u (i32.add (local.get $p) (i32.const 32)) (local.get $end)))
      (local.set $v (v128.load (local.get $p)))
      (local.set $a (f64x2.add (local.get $a) (f64x2.mul (local.get $v) (local.get $v))))
      (local.set $v (v128.load offset=16 (local.get $p)))
      (local.set $b (f64x2.add (local.get $b) (f64x2.mul (local.get $v) (local.get $v))))
      (local.set $p (i32.add (local.get $p) (i32.const 32)))
      (br $vec)))
    (block $done (loop $tail
      (br_if $done (i32.ge_u (local.get $p) (local.get $end)))
      (local.set $x (f64.load (local.get $p)))
      (local.set $s (f64.add (local.get $s) (f64.mul (local.get $x) (local.get $x))))
      (local.set $p (i32.add (local.get $p) (i32.const 8)))
      (br $tail)))
    (local.set $a (f64x2.add (local.get $a) (local.get $b)))
    (f64.add (local.get $s) (f64.add (f64x2.extract_lane 0 (local.get $a)) (f64x2.extract_lane 1 (local.get $a)))))

  ;; Σ a_j b_j over n float32 values at a and b (b 4-byte aligned, a 16-byte aligned), in float64.
  (func (export "dotF32") (param $a i32) (param $b i32) (param $n i32) (result f64)
    (local $end i32) (local $lo v128) (local $hi v128) (local $s f64)
    (local.set $end (i32.add (local.get $a) (i32.shl (local.get $n) (i32.const 2))))
    (block $done (loop $vec
      (br_if $done (i32.gt_u (i32.add (local.get $a) (i32.const 16)) (local.get $end)))
      (local.set $lo (f64x2.add (local.get $lo) (f64x2.mul
        (f64x2.promote_low_f32x4 (v128.load (local.get $a)))
        (f64x2.promote_low_f32x4 (v128.load (local.get $b))))))
      (local.set $hi (f64x2.add (local.get $hi) (f64x2.mul
        (f64x2.promote_low_f32x4 (v128.load64_zero offset=8 (local.get $a)))
        (f64x2.promote_low_f32x4 (v128.load64_zero offset=8 (local.get $b))))))
      (local.set $a (i32.add (local.get $a) (i32.const 16)))
      (local.set $b (i32.add (local.get $b) (i32.const 16)))
      (br $vec)))
    (block $done (loop $tail
      (br_if $done (i32.ge_u (local.get $a) (local.get $end)))
      (local.set $s (f64.add (local.get $s) (f64.mul
        (f64.promote_f32 (f32.load (local.get $a)))
        (f64.promote_f32 (f32.load (local.get $b))))))
      (local.set $a (i32.add (local.get $a) (i32.const 4)))
      (local.set $b (i32.add (local.get $b) (i32.const 4)))
      (br $tail)))
    (local.set $lo (f64x2.add (local.get $lo) (local.get $hi)))
    (f64.add (local.get $s) (f64.add (f64x2.extract_lane 0 (local.get $lo)) (f64x2.extract_lane 1 (local.get $lo)))))

  ;; One coordinate j going to sketch bucket q: S_j += b·g_j, sketch_q += ±g_j; returns S_j·g_j
  ;; (S_j before the update).
  (func $one (param $j i32) (param $q i32) (param $gBase i32) (param $sum i32) (param $signs i32) (param $sketch i32) (param $b f64) (result f64)
    (local $x f64) (local $w f64) (local $at i32)
    (local.set $x (f64.promote_f32 (f32.load (i32.add (local.get $gBase) (i32.shl (local.get $j) (i32.const 2))))))
    (local.set $at (i32.add (local.get $sum) (i32.shl (local.get $j) (i32.const 3))))
    (local.set $w (f64.load (local.get $at)))
    (f64.store (local.get $at) (f64.add (local.get $w) (f64.mul (local.get $b) (local.get $x))))
    (local.set $at (i32.add (local.get $sketch) (i32.shl (local.get $q) (i32.const 3))))
    (f64.store (local.get $at) (f64.add (f64.load (local.get $at))
      (select (f64.neg (local.get $x)) (local.get $x)
        (i32.and
          (i32.shr_u
            (i32.load (i32.add (local.get $signs) (i32.shl (i32.shr_u (local.get $j) (i32.const 5)) (i32.const 2))))
            (i32.and (local.get $j) (i32.const 31)))
          (i32.const 1)))))
    (f64.mul (local.get $w) (local.get $x)))

  ;; Coordinates j in [j, end) go to consecutive buckets from q: scalar until j is a multiple of
  ;; 4 (so a sign nibble sits inside one 32-bit word), then 4 at a time, then scalar.
  (func $segment (param $j i32) (param $end i32) (param $q i32) (param $gBase i32) (param $sum i32) (param $signs i32) (param $sketch i32) (param $b f64) (result f64)
    (local $lo v128) (local $hi v128) (local $bv v128) (local $g v128) (local $gl v128) (local $gh v128)
    (local $s0 v128) (local $s1 v128) (local $mask i32) (local $sa i32) (local $ka i32) (local $lower f64)
    (local.set $bv (f64x2.splat (local.get $b)))
    (block $done (loop $head
      (br_if $done (i32.eqz (i32.and (local.get $j) (i32.const 3))))
      (br_if $done (i32.ge_u (local.get $j) (local.get $end)))
      (local.set $lower (f64.add (local.get $lower)
        (call $one (local.get $j) (local.get $q) (local.get $gBase) (local.get $sum) (local.get $signs) (local.get $sketch) (local.get $b))))
      (local.set $j (i32.add (local.get $j) (i32.const 1)))
      (local.set $q (i32.add (local.get $q) (i32.const 1)))
      (br $head)))
    (block $done (loop $vec
      (br_if $done (i32.gt_u (i32.add (local.get $j) (i32.const 4)) (local.get $end)))
      (local.set $g (v128.load (i32.add (local.get $gBase) (i32.shl (local.get $j) (i32.const 2)))))
      (local.set $gl (f64x2.promote_low_f32x4 (local.get $g)))
      (local.set $gh (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $g) (local.get $g))))
      ;; the running sum: lower += S·g, then S += b·g
      (local.set $sa (i32.add (local.get $sum) (i32.shl (local.get $j) (i32.const 3))))
      (local.set $s0 (v128.load (local.get $sa)))
      (local.set $s1 (v128.load offset=16 (local.get $sa)))
      (local.set $lo (f64x2.add (local.get $lo) (f64x2.mul (local.get $s0) (local.get $gl))))
      (local.set $hi (f64x2.add (local.get $hi) (f64x2.mul (local.get $s1) (local.get $gh))))
      (v128.store (local.get $sa) (f64x2.add (local.get $s0) (f64x2.mul (local.get $bv) (local.get $gl))))
      (v128.store offset=16 (local.get $sa) (f64x2.add (local.get $s1) (f64x2.mul (local.get $bv) (local.get $gh))))
      ;; the sketch: buckets q..q+3 += g with the signs of j..j+3 (the nibble's masks at 32·nibble)
      (local.set $mask (i32.shl
        (i32.and
          (i32.shr_u
            (i32.load (i32.add (local.get $signs) (i32.shl (i32.shr_u (local.get $j) (i32.const 5)) (i32.const 2))))
            (i32.and (local.get $j) (i32.const 31)))
          (i32.const 15))
        (i32.const 5)))
      (local.set $ka (i32.add (local.get $sketch) (i32.shl (local.get $q) (i32.const 3))))
      (v128.store (local.get $ka)
        (f64x2.add (v128.load (local.get $ka)) (v128.xor (local.get $gl) (v128.load (local.get $mask)))))
      (v128.store offset=16 (local.get $ka)
        (f64x2.add (v128.load offset=16 (local.get $ka)) (v128.xor (local.get $gh) (v128.load offset=16 (local.get $mask)))))
      (local.set $j (i32.add (local.get $j) (i32.const 4)))
      (local.set $q (i32.add (local.get $q) (i32.const 4)))
      (br $vec)))
    (block $done (loop $tail
      (br_if $done (i32.ge_u (local.get $j) (local.get $end)))
      (local.set $lower (f64.add (local.get $lower)
        (call $one (local.get $j) (local.get $q) (local.get $gBase) (local.get $sum) (local.get $signs) (local.get $sketch) (local.get $b))))
      (local.set $j (i32.add (local.get $j) (i32.const 1)))
      (local.set $q (i32.add (local.get $q) (i32.const 1)))
      (br $tail)))
    (local.set $lo (f64x2.add (local.get $lo) (local.get $hi)))
    (f64.add (local.get $lower) (f64.add (f64x2.extract_lane 0 (local.get $lo)) (f64x2.extract_lane 1 (local.get $lo)))))

  ;; Coordinates [start, end), start a multiple of k: S += b·g, sketch += (count sketch)·g, and
  ;; returns ⟨S before, g⟩. Block c (coordinates ck .. ck+k-1) is shifted by shifts[c]: position p
  ;; goes to bucket (p + shift) mod k, i.e. two runs of consecutive buckets.
  (func (export "accumulate") (param $start i32) (param $end i32) (param $k i32) (param $gBase i32) (param $sum i32) (param $signs i32) (param $sketch i32) (param $shifts i32) (param $b f64) (result f64)
    (local $blockEnd i32) (local $shift i32) (local $wrap i32) (local $lower f64)
    (local.set $shifts (i32.add (local.get $shifts) (i32.shl (i32.div_u (local.get $start) (local.get $k)) (i32.const 2))))
    (block $done (loop $blocks
      (br_if $done (i32.ge_u (local.get $start) (local.get $end)))
      (local.set $blockEnd (i32.add (local.get $start) (local.get $k)))
      (local.set $blockEnd (select (local.get $blockEnd) (local.get $end) (i32.lt_u (local.get $blockEnd) (local.get $end))))
      (local.set $shift (i32.load (local.get $shifts)))
      ;; positions p < k - shift go to buckets shift + p, the rest wrap to p - (k - shift)
      (local.set $wrap (i32.add (local.get $start) (i32.sub (local.get $k) (local.get $shift))))
      (local.set $wrap (select (local.get $wrap) (local.get $blockEnd) (i32.lt_u (local.get $wrap) (local.get $blockEnd))))
      (local.set $lower (f64.add (local.get $lower)
        (call $segment (local.get $start) (local.get $wrap) (local.get $shift) (local.get $gBase) (local.get $sum) (local.get $signs) (local.get $sketch) (local.get $b))))
      (local.set $lower (f64.add (local.get $lower)
        (call $segment (local.get $wrap) (local.get $blockEnd) (i32.const 0) (local.get $gBase) (local.get $sum) (local.get $signs) (local.get $sketch) (local.get $b))))
      (local.set $start (local.get $blockEnd))
      (local.set $shifts (i32.add (local.get $shifts) (i32.const 4)))
      (br $blocks)))
    (local.get $lower))

  ;; The sketch alone (no running sum), for gradients that are only sketched (the data audit's
  ;; per-recording gradients): one coordinate j going to bucket q, sketch_q += ±g_j.
  (func $oneSketch (param $j i32) (param $q i32) (param $gBase i32) (param $signs i32) (param $sketch i32)
    (local $x f64) (local $at i32)
    (local.set $x (f64.promote_f32 (f32.load (i32.add (local.get $gBase) (i32.shl (local.get $j) (i32.const 2))))))
    (local.set $at (i32.add (local.get $sketch) (i32.shl (local.get $q) (i32.const 3))))
    (f64.store (local.get $at) (f64.add (f64.load (local.get $at))
      (select (f64.neg (local.get $x)) (local.get $x)
        (i32.and
          (i32.shr_u
            (i32.load (i32.add (local.get $signs) (i32.shl (i32.shr_u (local.get $j) (i32.const 5)) (i32.const 2))))
            (i32.and (local.get $j) (i32.const 31)))
          (i32.const 1))))))

  ;; $segment without the running sum: coordinates [j, end) to consecutive buckets from q.
  (func $segmentSketch (param $j i32) (param $end i32) (param $q i32) (param $gBase i32) (param $signs i32) (param $sketch i32)
    (local $g v128) (local $gl v128) (local $gh v128) (local $mask i32) (local $ka i32)
    (block $done (loop $head
      (br_if $done (i32.eqz (i32.and (local.get $j) (i32.const 3))))
      (br_if $done (i32.ge_u (local.get $j) (local.get $end)))
      (call $oneSketch (local.get $j) (local.get $q) (local.get $gBase) (local.get $signs) (local.get $sketch))
      (local.set $j (i32.add (local.get $j) (i32.const 1)))
      (local.set $q (i32.add (local.get $q) (i32.const 1)))
      (br $head)))
    (block $done (loop $vec
      (br_if $done (i32.gt_u (i32.add (local.get $j) (i32.const 4)) (local.get $end)))
      (local.set $g (v128.load (i32.add (local.get $gBase) (i32.shl (local.get $j) (i32.const 2)))))
      (local.set $gl (f64x2.promote_low_f32x4 (local.get $g)))
      (local.set $gh (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $g) (local.get $g))))
      (local.set $mask (i32.shl
        (i32.and
          (i32.shr_u
            (i32.load (i32.add (local.get $signs) (i32.shl (i32.shr_u (local.get $j) (i32.const 5)) (i32.const 2))))
            (i32.and (local.get $j) (i32.const 31)))
          (i32.const 15))
        (i32.const 5)))
      (local.set $ka (i32.add (local.get $sketch) (i32.shl (local.get $q) (i32.const 3))))
      (v128.store (local.get $ka)
        (f64x2.add (v128.load (local.get $ka)) (v128.xor (local.get $gl) (v128.load (local.get $mask)))))
      (v128.store offset=16 (local.get $ka)
        (f64x2.add (v128.load offset=16 (local.get $ka)) (v128.xor (local.get $gh) (v128.load offset=16 (local.get $mask)))))
      (local.set $j (i32.add (local.get $j) (i32.const 4)))
      (local.set $q (i32.add (local.get $q) (i32.const 4)))
      (br $vec)))
    (block $done (loop $tail
      (br_if $done (i32.ge_u (local.get $j) (local.get $end)))
      (call $oneSketch (local.get $j) (local.get $q) (local.get $gBase) (local.get $signs) (local.get $sketch))
      (local.set $j (i32.add (local.get $j) (i32.const 1)))
      (local.set $q (i32.add (local.get $q) (i32.const 1)))
      (br $tail))))

  ;; Coordinates [start, end), start a multiple of k: sketch += (count sketch)·g, blocks shifted
  ;; as in accumulate.
  (func (export "sketch") (param $start i32) (param $end i32) (param $k i32) (param $gBase i32) (param $signs i32) (param $sketch i32) (param $shifts i32)
    (local $blockEnd i32) (local $shift i32) (local $wrap i32)
    (local.set $shifts (i32.add (local.get $shifts) (i32.shl (i32.div_u (local.get $start) (local.get $k)) (i32.const 2))))
    (block $done (loop $blocks
      (br_if $done (i32.ge_u (local.get $start) (local.get $end)))
      (local.set $blockEnd (i32.add (local.get $start) (local.get $k)))
      (local.set $blockEnd (select (local.get $blockEnd) (local.get $end) (i32.lt_u (local.get $blockEnd) (local.get $end))))
      (local.set $shift (i32.load (local.get $shifts)))
      (local.set $wrap (i32.add (local.get $start) (i32.sub (local.get $k) (local.get $shift))))
      (local.set $wrap (select (local.get $wrap) (local.get $blockEnd) (i32.lt_u (local.get $wrap) (local.get $blockEnd))))
      (call $segmentSketch (local.get $start) (local.get $wrap) (local.get $shift) (local.get $gBase) (local.get $signs) (local.get $sketch))
      (call $segmentSketch (local.get $wrap) (local.get $blockEnd) (i32.const 0) (local.get $gBase) (local.get $signs) (local.get $sketch))
      (local.set $start (local.get $blockEnd))
      (local.set $shifts (i32.add (local.get $shifts) (i32.const 4)))
      (br $blocks))))
)
