import type { ComparisonMessages } from './comparison-messages.js';

const quantityWords = {
  bSimple: { noun: 'B_simple', better: 'lower', meaning: '梯度較一致' },
  meanCosine: { noun: '平均餘弦', better: 'higher', meaning: '梯度較一致' },
  spearman: { noun: 'Spearman ρ', better: 'higher', meaning: '排序較佳' },
} as const;

/** Traditional Chinese as used in Taiwan (資料, 餘弦, 雜訊, 品質, 音訊). */
export const comparisonZhTW: ComparisonMessages = {
  title: (sweepId) => `參數掃描比較：${sweepId}`,
  partialBanner: '> **部分報告。** 部分設定格無效、失敗或被中斷；以下所有統計皆未納入它們：',
  problemDuplicate: (cellId, indices) =>
    `${cellId}：相同的 cellId 出現在 cells[${indices}]；全部未納入`,
  problemNotIncreasing: (where) =>
    `${where}：未比前一個 epoch 增加；應為 epoch 遞增，且 steps/examples 自訓練開始累計`,
  problemBatchSizeMismatch: (where, parameter, batchSize) =>
    `${where}：parameters.batch-size 為 ${parameter}，但 batchSize 為 ${batchSize}；兩者應相同`,
  problemNoEpochs: (where) =>
    `${where}：狀態為 completed 但沒有任何 epoch；應至少有一個完成的 epoch`,
  problemNotCompleted: (cellId, status) =>
    `${cellId}：此次訓練${status === 'failed' ? '失敗' : '被中斷'}；未納入統計`,
  problemNoUsableCells: '沒有已完成且有效的設定格：沒有可比較的內容',

  label: (text) => `**${text}：** `,
  sweepId: '掃描編號',
  createdAt: '建立時間',
  cells: '設定格',
  cellCounts: (total, completed) =>
    `輸入共 ${total} 個，其中 ${completed} 個已完成且有效（用於下文）`,
  spec: '規格',
  notRecorded: '未記錄',
  statisticsNote:
    '每個條件是一組網格參數值；同一條件的各次訓練只差在隨機種子。「平均 ± 標準差（n = k）」為 k 次訓練的平均與樣本標準差（分母 n − 1）；n = 1 時沒有標準差。「—」表示該條件沒有任何一次訓練有此數值（例如分數皆相同時 Spearman ρ 未定義，或 B_simple 未定義）。',

  perConditionHeading: '各條件結果',
  perConditionIntro:
    '各次訓練的最終數值：最後一個完成的 epoch 的驗證 Spearman ρ（分數對角度）、驗證兩兩排序正確率（不同角度的排序對中排序正確的比例）與驗證邊界排序損失；最後一次探測的 B_simple（單位為樣本，即排序對）與批次梯度之間非對角平均餘弦相似度。',
  columns: {
    condition: '條件',
    runs: '訓練次數',
    spearman: 'Spearman ρ',
    accuracy: '兩兩排序正確率',
    loss: '驗證損失',
    bSimple: 'B_simple（排序對）',
    cosine: '平均餘弦',
  },
  summary: (mean, sd, n) =>
    sd === null ? `${mean}（n = ${n}，無標準差）` : `${mean} ± ${sd}（n = ${n}）`,
  none: '—',
  figureTitle: '各次訓練的 B_simple 隨 epoch 變化（依條件著色）',
  figureX: 'Epoch（同一條件的各次訓練並排）',
  figureY: 'B_simple（排序對，對數刻度）',
  figureSeries: '條件',
  figureCaption:
    '每條線為一次訓練。實線段：探測的雙側信賴區間。虛線段並在上緣以三角形結束：單側區間（B_simple ≥ 下界，上方無界，因為 |G|² 無法與 0 區分）。下緣的叉號：B_simple 未定義或不為正的探測（對數軸無法顯示），列於下方。',
  intervalMethods: (methods) => `探測記錄的信賴區間：${methods}。`,
  probeUndefined: (cellId, epoch, reason) =>
    `${cellId}，epoch ${epoch}：B_simple 未定義${reason ? `（${reason}）` : ''}。`,
  probeNonPositive: (cellId, epoch, value) =>
    `${cellId}，epoch ${epoch}：B_simple = ${value} ≤ 0（估計的某一部分為負；不在對數軸上）。`,
  notesHeading: '各條件的生成方式',
  noteMissing: '未記錄物理描述（非合成資料產生器）',

  batchSizeHeading: '批次大小',
  targetStatement: (threshold) =>
    `**訓練目標：** 驗證兩兩排序正確率首次 ≥ ${threshold} 的 epoch。步數與樣本數（排序對）自訓練開始累計至該 epoch 結束，因此是以 epoch 為解析度的上界。始終未達目標的訓練為設限資料：列出其已執行的量，不刪除，也不作為擬合的資料點（其步數只是下界）。`,
  groupHeading: (parameters) => `其他參數：${parameters}`,
  batchColumns: {
    batchSize: '批次大小 B（排序對）',
    runs: '訓練次數',
    reached: '達到目標',
    steps: '達到目標的步數 S',
    examples: '達到目標的樣本數 E（排序對）',
    bSimple: '達到目標前的 B_simple（排序對）',
  },
  censored: (cellId, epochs, steps, examples) =>
    `${cellId}：${epochs} 個 epoch 內未達目標（設限：S > ${steps} 步，E > ${examples} 個排序對）。`,
  fitMethod:
    '擬合：McCandlish et al. 2018，§2.3，式 2.11，(S/S_min − 1)(E/E_min − 1) = 1，其中 E = B·S；令 B_crit = E_min/S_min，即 S = S_min + E_min/B。以達到目標的訓練，用普通最小平方法將 S 對 1/B 迴歸，得到 S_min（步）與 E_min（排序對）；B_crit 的信賴區間為迴歸係數比值的 Fieller 區間（Student t，自由度 n − 2；假設 S 的誤差為常態且變異數固定）。並列的 B_simple 為每次訓練在目標 epoch 之前（含）已定義的探測估計之平均（設限者用全部探測），再對各次訓練取平均。',
  fitOk: (bCrit, low, high, level, sMin, sMinSe, eMin, eMinSe, runs) =>
    `B_crit = E_min/S_min = 每步 ${bCrit} 個排序對，${level}% 信賴區間 ${low} – ${high}（S_min = ${sMin} ± ${sMinSe} 步，E_min = ${eMin} ± ${eMinSe} 個排序對，± 為標準誤；${runs} 次訓練）。`,
  fitUndefined: (reason) => `B_crit：資料無法判斷（${reason}）。`,
  noiseScaleVerdict: {
    'cannot-tell': () => '雜訊尺度能否預測此任務的臨界批次？資料無法判斷：沒有可比較的 B_crit。',
    'no-b-simple': () =>
      '雜訊尺度能否預測此任務的臨界批次？無法判斷：本組沒有任何訓練有已定義的 B_simple。',
    inside: (bSimple, ratio) =>
      `雜訊尺度能否預測此任務的臨界批次？一致：量測到的 B_simple ${bSimple} 個排序對落在 B_crit 的信賴區間內（B_crit/B_simple = ${ratio}）；資料不否定 B_simple ≈ B_crit。`,
    outside: (bSimple, ratio) =>
      `雜訊尺度能否預測此任務的臨界批次？否：量測到的 B_simple ${bSimple} 個排序對落在 B_crit 的信賴區間外（B_crit/B_simple = ${ratio}）。`,
  },
  sameTargetEpoch: (epoch) =>
    `所有達到目標的訓練都在第 ${epoch} 個 epoch 達到。目標每個 epoch 只檢查一次，因此它們的樣本數 E 都是 ${epoch} 個 epoch 的排序對，步數看起來呈 S ∝ 1/B，與真正的取捨無關：在此解析度下無法區分各批次大小（更多 epoch 搭配較小的學習率，或更嚴格的目標，才能區分）。`,
  wideInterval: (ratio) =>
    `B_crit 的信賴區間跨越超過 ${ratio} 倍：與 B_simple 一致並不能說明太多。`,

  factorHeading: '頻率與材質',
  factorIntro: (level) =>
    `只在一個因子上不同（其他網格參數皆相同）的條件，以每次訓練的數值比較：最後一次探測的 B_simple 與平均餘弦（B_simple 較低、平均餘弦較高表示梯度較一致），以及最終驗證 Spearman ρ（較高表示排序較佳）。檢定：對各隨機種子做 Welch 不等變異數 t 檢定，雙側 ${level}%（|t| 超過 Welch–Satterthwaite 自由度下的 Student t 臨界值）；每項比較各自檢定，未做多重比較校正。只有檢定支持時才判定有差異，否則為「無法判斷」。`,
  noFactors: '本次掃描未改變頻率或材質（已完成的設定格中少於兩種值）：沒有可比較的內容。',
  factorSubheading: (factor) => `依 ${factor}`,
  factorColumns: {
    fixed: '其他參數',
    quantity: '量',
    a: (level) => level,
    b: (level) => level,
    test: 'Welch t（自由度；臨界值）',
    verdict: '判定',
  },
  quantities: { bSimple: 'B_simple（排序對）', meanCosine: '平均餘弦', spearman: 'Spearman ρ' },
  welch: (t, df, critical) => `t = ${t}（自由度 ${df}；${critical}）`,
  noTest: '無檢定',
  differenceVerdict: (quantity, verdict, higher, reason) => {
    const w = quantityWords[quantity];
    if (verdict === 'cannot-tell') {
      const why = {
        'too-few-seeds': '某一側少於 2 次訓練',
        'no-spread': '各次訓練之間沒有差異',
        'not-significant': '差異在隨機種子間的雜訊範圍內',
      }[reason ?? 'not-significant'];
      return `無法判斷（${why}）`;
    }
    return `${higher} 的 ${w.noun} 較高${w.better === 'higher' ? `（${w.meaning}）` : `（另一方${w.meaning}）`}`;
  },
  physicalHeading: (factor) => `各條件的物理差異（${factor}），取自資料產生器：`,
};
