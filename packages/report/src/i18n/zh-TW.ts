import type { Messages } from './messages.js';

export const zhTW: Messages = {
  audit: {
    title: '資料稽核',
    signal: {
      margin: '排序邊界（AUM）',
      misordered: '排序錯誤的配對比例',
      classMargin: '類別邊界（AUM）',
      alignment: '與其餘樣本的梯度方向一致度',
      selfInfluence: '自我影響（TracIn Σ‖g‖²）',
      loss: '其稽核配對的損失',
    },
    below: '個穩健標準差，低於中位數',
    above: '個穩健標準差，高於中位數',
    undefinedSignal: '無定義',
    typical: (z) => `正常（z ${z}）`,
    verdict: { supported: '獲支持', 'not-supported': '未獲支持', 'not-tested': '未檢驗' },
    reason: {
      'no-audit': '本次執行沒有資料稽核（audit.json）',
      'no-ground-truth':
        '未植入任何錯誤，沒有已知真值：被標記的音訊可能只是隨機（校準的比率）；本報告不主張它們是問題樣本',
      'nothing-planted-audited': '所有植入的錯誤都落在驗證集，而稽核不為驗證集評分',
      'beyond-chance': '被標記的音訊所含植入錯誤多於隨機',
      'not-beyond-chance': '被標記的音訊所含植入錯誤並未多於隨機',
    },
    hypothesis: (verdict, reason, test) =>
      `假設 3（離群值指向問題樣本）：**${verdict}** — ${reason}${test ? `（${test}）` : ''}。`,
    test: (flaggedPlanted, flagged, planted, audited, p, level) =>
      `單尾超幾何檢定：${flagged} 筆被標記的音訊中有 ${flaggedPlanted} 筆為植入，${audited} 筆中共植入 ${planted} 筆；p = ${p}，p < ${level} 時獲支持`,
    detector: (names, recordings, threshold, calibration) =>
      `偵測器：${names} — 每個訊號在 ${recordings} 筆訓練音訊上換算成穩健 z 分數（中位數／MAD，方向調整為越大越可疑），分數為其平均；分數 ≥ ${threshold} 即標記。校準：${calibration}。`,
    evidence: (scoreEpochs, gradients) =>
      `證據：${scoreEpochs} 個 epoch 的推論分數${gradients ? `；${gradients}` : ''}。驗證集音訊不在稽核範圍內。`,
    gradients: (epochs, path) => `第 ${epochs} 個 epoch 的逐筆音訊梯度（${path}）`,
    exactPath: '精確餘弦',
    sketchPath: (k) => `由維度 ${k} 的 CountSketch 估計餘弦`,
    flagged: (count, total, percent) => `被標記：${total} 筆中 ${count} 筆（${percent}）。`,
    listenFirst: '建議優先聆聽的音訊',
    noneFlagged: (shown) => `沒有音訊被標記；以下為分數最高的 ${shown} 筆，供參考：`,
    columns: {
      rank: '名次',
      recording: '音訊',
      label: '標籤',
      score: '分數',
      why: '原因',
      planted: '植入',
    },
    notPlanted: '否',
    mislabelCell: (trueLabel) => `（實際錄於 ${trueLabel}°）`,
    groundTruthHeading: '與植入錯誤比對',
    groundTruthIntro: (planted, audited, outside, chance) =>
      `${audited} 筆受稽核音訊中有 ${planted} 筆植入錯誤${outside !== '0' ? `（另有 ${outside} 筆落在驗證集，未受稽核）` : ''}。隨機水準：精確率 ${chance}，AUROC 0.5。`,
    measureColumns: { measure: '指標', value: '數值', definition: '定義' },
    precisionAtK: (k) => `precision@k（k = ${k}）`,
    precisionAtKDefinition: (p) => `分數最高的 k 筆中植入者的比例；超幾何 p = ${p}`,
    averagePrecision: '平均精確率（AP）',
    averagePrecisionDefinition: 'Σ（召回率增量 × 精確率），由最高分起',
    auroc: 'AUROC',
    aurocDefinition: 'P(植入者分數高於未植入者)，同分計 ½',
    flaggedPlanted: '被標記者中的植入者',
    flaggedPlantedValue: (planted, flagged) => `${flagged} 筆中 ${planted} 筆`,
    flaggedPlantedDefinition: (p, level) => `單尾超幾何 p = ${p}（顯著水準 ${level}）`,
    kindColumns: { kind: '錯誤類型', planted: '植入數', auroc: '相對未植入者的 AUROC' },
    figureAlt: '資料稽核相對植入錯誤的精確率–召回率曲線',
    figureTitle: (ap, planted) => `資料稽核：精確率–召回率（AP ${ap}，植入 ${planted} 筆）`,
    figureRecall: '召回率（找到的植入者）',
    figurePrecision: '精確率',
  },
  reportTitle: (runId) => `實驗報告：${runId}`,
  partialBanner:
    '> **部分報告。** 執行目錄中有部分內容缺失或無效，已略去；以下各節只使用可讀取的內容：',
  problemKinds: {
    'missing-file': '檔案缺失或無法讀取',
    'invalid-json': '不是有效的 JSON（NaN 與 Infinity 不屬於 JSON）',
    'invalid-field': '數值無效',
    'missing-field': '欄位缺失',
    'epoch-mismatch': '檔案內的 epoch 與檔名不符',
    'run-not-completed': '訓練未完成；結果只涵蓋已完成的 epoch',
    'no-probes': '沒有有效的探測檔案，因此沒有梯度分析',
    'probe-missing': '此分析 epoch 已完成，卻沒有有效的探測檔案，因此報告缺少該 epoch 的梯度分析',
  },
  expectations: {
    'finite-number': '有限數值',
    'positive-integer': '正整數',
    'positive-number': '正數',
    'interval-kind': '雙側（two-sided）或下界（lower-bound）',
    'null-high': 'null（下界沒有上端）',
    'computation-path': 'exact 或 sketch',
    string: '字串',
    object: '物件',
    array: '陣列',
    boolean: '真或假',
    'square-matrix': '每個批次一列的方陣',
    'points-2d': '每個批次一個二維座標點',
    probability: '介於零與一之間的數',
    'json-object': 'JSON 物件',
    'run-status': '執行中、已完成、已中斷或失敗之一',
  },
  problem: (where, what, expected, got) =>
    `${where}：${what}${expected ? `；應為${expected}` : ''}${got ? `，實為 ${got}` : ''}`,

  label: (text) => `**${text}：**`,
  metadataHeading: '詮釋資料',
  runId: '實驗編號',
  timestamp: '日期時間',
  description: '實驗描述',
  status: '狀態',
  statuses: {
    running: '執行中（報告涵蓋目前已有的內容）',
    completed: '已完成',
    interrupted: '已中斷',
    failed: '失敗',
    unknown: '未知',
  },
  lastCompletedEpoch: '最後完成的 epoch',
  machine: '機器',
  backend: '計算後端',
  backendUsed: '實際使用的後端',
  runError: '錯誤',
  splitSizes: (train, validation) =>
    `資料分割：訓練集 ${train} 個樣本，驗證集 ${validation} 個樣本（依角度分層）。`,
  versions: '版本',
  notRecorded: '未記錄',

  backgroundHeading: '背景動機',
  background: [
    '在深度學習模型訓練過程中，梯度的行為對最佳化過程有著至關重要的影響。批次梯度雜訊尺度（GNS）衡量不同批次之間梯度的差異相對於真實梯度大小的程度；差異過大可能揭示資料集中的問題樣本，或標示訓練中的特定階段。',
    '批次梯度的一致性與模型收斂和泛化能力息息相關。本實驗在訓練的多個階段追蹤音訊排序模型的批次梯度，以理解其最佳化過程並評估資料品質。',
  ],

  purposeHeading: '實驗目的與假設',
  purposeLabel: '實驗目的：',
  purposes: (epochs) => [
    `監測排序模型在各分析 epoch（${epochs}）的梯度行為。`,
    '分析批次梯度雜訊尺度（GNS）隨訓練進度的變化趨勢。',
    '透過梯度方向的 t-SNE 視覺化，評估不同批次梯度的分布特性。',
    '透過批次梯度餘弦相似度矩陣，分析批次間梯度方向的一致性。',
  ],
  hypothesesLabel: '假設：',
  hypotheses: [
    '隨著訓練進行，GNS 值應該逐漸降低，表明模型漸漸收斂。',
    '訓練後期的梯度方向應該比早期更加一致（平均兩兩餘弦相似度上升）。',
    '若存在梯度方向與其他批次顯著不同的批次（離群批次），可能暗示資料集中存在問題樣本。',
  ],

  methodHeading: '方法',
  datasetHeading: '資料集與預處理',
  modelHeading: '模型架構',
  trainingHeading: '訓練方式與超參數',
  configSectionMissing: (section) => `執行設定中未記錄（\`${section}\`）。`,
  analysisHeading: '梯度分析方法',
  analysisProbe:
    '在每個分析 epoch 的訓練步驟之後，探測程式抽取 N 個各含 B 個排序對的批次，並在同一組固定權重下計算每個批次的梯度（批次內排序對的平均邊界排序損失，不含權重衰減項）。',
  analysisEstimator:
    '梯度雜訊尺度（[McCandlish et al. 2018, "An Empirical Model of Large-Batch Training", appendix A.1](https://arxiv.org/abs/1812.06162)）：`B_simple = tr(Σ) / |G|²`，其中 Σ 為每個排序對梯度的共變異數，G 為真實梯度。單位為排序對：即批次梯度的雜訊與訊號相等時的批次大小。',
  analysisEstimatorParts:
    '兩個部分由兩種批次大小的無偏估計得出，`B_small = B` 與 `B_big = N·B`：`|G|² ≈ (B_big·|G_big|² − B_small·|G_small|²) / (B_big − B_small)` 以及 `tr(Σ) ≈ (|G_small|² − |G_big|²) / (1/B_small − 1/B_big)`，其中 `|G_small|²` 為各批次梯度平方範數的平均，`|G_big|²` 為其平均梯度的平方範數。`B_simple/D` 再除以參數數量 D，即種子報告所列的每參數數值。若某一部分估計為負，照實列出並標記，且不納入趨勢分析。`|G|²` 為負表示批次梯度彼此抵消的程度超過其雜訊所能解釋：以本次探測的 N 個批次無法分辨出真實梯度（雜訊主導，B_simple 超出本探測可量測的範圍；增加探測批次數即可分辨）。',
  analysisInterval: 'B_simple 的信賴區間對探測批次重抽樣而得（方法與信賴水準列於表格旁）。',
  analysisOnline:
    '線上 B_simple 是同樣兩個部分的指數移動平均之比，由該 epoch 訓練步驟的梯度（權重持續更新）估計，作為對照。',
  analysisCosine:
    '兩個批次梯度的餘弦相似度：`cos(gᵢ, gⱼ) = gᵢ·gⱼ / (|gᵢ| |gⱼ|)`；矩陣的每一列與每一行對應一個批次。非對角元素的平均值衡量梯度方向的一致程度。',
  analysisEmbedding:
    '以 t-SNE 將批次梯度方向降維至二維（各 epoch 的方法見下文）；圖中距離只在局部有意義，座標軸沒有單位。',
  analysisOutliers:
    '離群批次：對每個批次與其他批次的平均餘弦相似度及其梯度範數計算穩健 z 分數（中位數與 MAD）；當分數的絕對值超過門檻時標記該批次。樣本依其所在探測批次中被標記批次所佔的比例排序。',
  analysisTrend: (minBatches, level, minPoints) =>
    `跨 epoch 的趨勢以最小平方法斜率表示，並附 ${level}% 學生 t 區間；區間取直線周圍的離散程度與各 epoch 信賴區間兩者中較大者。趨勢至少需要 ${minPoints} 個有數值的 epoch（B_simple 需有點估計與雙側區間；只有下界的 epoch 會列出並排除）。整個區間位於預測的一側時，假設獲得支持；否則（區間包含零或位於另一側）未獲支持；可用 epoch 不足時無法判定。探測批次少於 ${minBatches} 個的 epoch 資料太少，不納入判定。`,
  resultsHeading: '結果與分析',
  gnsHeading: '梯度雜訊尺度（GNS）隨訓練進度的變化',
  gnsColumns: {
    epoch: 'Epoch',
    batches: '批次數 N',
    batchSize: 'B（排序對）',
    gradientNormSquared: '|G|²（(loss/param)²）',
    traceCovariance: 'tr(Σ)（(loss/param)²·排序對）',
    bSimple: 'B_simple（排序對）',
    bSimplePerParameter: 'B_simple/D',
    interval: (level) => `B_simple 的 ${level}% 信賴區間（排序對）`,
    online: '線上 B_simple（排序對）',
  },
  intervalMissing: '無（見下方說明）',
  intervalLowerBound: (low) => `≥ ${low}（僅有下界）`,
  intervalNoteLine: (epoch, note) => `Epoch ${epoch} 的區間：${note}`,
  intervalPaths: (exact, sketch) =>
    `區間所用的內積：${[exact ? `精確計算（epoch ${exact}）` : null, sketch ? `由梯度的隨機草圖估計（epoch ${sketch}）` : null].filter(Boolean).join('；')}。`,
  negativeEstimate: '估計為負',
  gnsUndefined: (reason) => `未定義（${reason}）`,
  gnsUndefinedShort: '未定義',
  gnsFigureOmits: (epochs) =>
    `Epoch ${epochs}：B_simple 沒有正值（未定義或估計為負，見上表），圖中以座標軸底部的灰色叉號標示，而非數值。`,
  gnsFigureAxis: (level) =>
    `對數座標軸（B_simple 跨越數個數量級）；誤差線為 ${level}% 信賴區間，下端不為正時截於座標軸底部。`,
  gnsFigureLowerBound: (epochs) =>
    `Epoch ${epochs}：只有下界（|G|² 無法與 0 區分），圖中以由下界延伸至座標軸頂端、末端為向上箭頭的誤差線標示：B_simple 沒有上界。`,
  gnsUndefinedLegacy: '舊版探測檔案，沒有狀態欄位',
  estimatorUsed: (estimator, method) => `分析程式記錄的估計量：${estimator}；區間方法：${method}。`,
  probesMissing: (epochs) =>
    `**Epoch ${epochs} 沒有梯度分析：**訓練已完成該分析 epoch，但探測檔案缺失或無效（原因列於報告開頭）。以下所有表格、圖與結論均不含該 epoch。`,
  noProbes: '沒有有效的探測結果，因此沒有梯度分析可報告。',
  gnsFigure: {
    title: '各分析 epoch 的梯度雜訊尺度 B_simple',
    x: 'epoch',
    y: 'B_simple（排序對）',
    series: '估計',
    probe: '探測（固定權重），含信賴區間',
    online: '線上（訓練步驟）',
    undefinedProbe: '探測：沒有正值（見圖說）',
  },
  gnsAnalysis: '**分析：**',

  embeddingHeading: '梯度方向的 t-SNE 視覺化分析',
  embeddingIntro:
    '每個點代表一個探測批次（標有其編號）；離群批次為紅色。梯度恰為零的批次沒有方向，t-SNE 無法為其定位：這些批次以灰色叉號另列於虛線下方的一列，其位置沒有意義。',
  epochHeading: (epoch) => `Epoch ${epoch}`,
  embeddingMissing: (batches) => `沒有降維結果：${batches} 個批次不足以進行 t-SNE。`,
  embeddingFigure: {
    title: (epoch) => `批次梯度方向的 t-SNE，epoch ${epoch}`,
    x: 't-SNE 第一維（無單位）',
    y: 't-SNE 第二維（無單位）',
    kind: '批次',
    normal: '一般',
    outlier: '離群',
    zero: '零梯度（沒有方向）：另列於虛線下方',
  },
  embeddingAnalysis: ({ batches, method, kl, outliers }) =>
    `**分析：** 以 ${method} 將 ${batches} 個批次梯度方向降維（最終 KL 散度 ${kl}，單位為奈特）。${outliers}`,

  similarityHeading: '批次梯度餘弦相似度矩陣分析',
  similarityIntro: (maxNumbered) =>
    `行與列均為探測批次；對角線（批次與自身，恆為 \`1\`）留白。色階涵蓋該 epoch 餘弦相似度的範圍（標示於每張圖下方及其圖例）：範圍包含 \`0\` 時為以 \`0\` 為中心的紅—白—藍，否則為單一色相。因此不同 epoch 的顏色不可直接比較；批次不超過 ${maxNumbered} 個時，每格另印出其餘弦值。`,
  similarityColourRange: (low, high) => `本圖的色階範圍：${low} 至 ${high}。`,
  similarityFigure: {
    title: (epoch) => `批次梯度餘弦相似度，epoch ${epoch}`,
    x: '批次編號',
    y: '批次編號',
    color: '餘弦相似度',
    colourRange: (low, high) => `色階範圍 ${low} 至 ${high}（本 epoch 的餘弦相似度）`,
    undefinedCell: '未定義（零梯度）',
  },
  similarityAnalysis: ({ mean, min, negative, change, previousEpoch, outliers }) =>
    `**分析：** 非對角元素的平均餘弦相似度為 ${mean}，最低為 ${min}；比例為 ${negative} 的批次對方向相反（餘弦為負）。${change !== null && previousEpoch !== null ? `與 epoch ${previousEpoch} 相比，平均值變化了 ${change}。` : ''}${outliers}`,
  sketchedCosines: (bound) =>
    `這些餘弦相似度由梯度的隨機草圖估計（梯度太大，無法完整保存）；每個值以高機率落在精確值的 ±${bound} 以內。`,
  similarityOneBatch: '**分析：** 只有一個批次，沒有可比較的批次對。',
  similarityUndefined: (zeroBatches, batches) =>
    `**分析：** ${batches} 個批次梯度中有 ${zeroBatches} 個恰為零（例如所有批次對都超出邊界）；零向量沒有方向，因此此 epoch 沒有任何有定義的餘弦相似度。`,
  similarityZeroBatches: (batchList) =>
    `批次 ${batchList}：梯度恰為零，其餘弦相似度未定義（圖中灰色），不計入上述數值。`,
  outlierList: (batches) => `離群批次：${batches}。`,
  noOutliers: '沒有批次被標記為離群。',
  outlierBatch: (index, similarityZ, normZ) =>
    `批次 ${index}（餘弦 z 分數 ${similarityZ}，範數 z 分數 ${normZ}）`,

  lossHeading: '訓練過程中的損失',
  lossFigure: {
    title: '每個 epoch 的平均邊界排序損失',
    x: 'epoch',
    y: '損失（每排序對平均）',
    series: '資料集',
    train: '訓練集',
    validation: '驗證集',
  },
  lossAnalysis: ({ firstEpoch, lastEpoch, firstLoss, lastLoss, validation, accuracy, spearman }) =>
    `**分析：** 訓練損失由 ${firstLoss}（epoch ${firstEpoch}）變為 ${lastLoss}（epoch ${lastEpoch}）。${validation !== null ? `最後一個 epoch 的驗證損失：${validation}。` : ''}${accuracy !== null ? `成對準確率：${accuracy}（驗證排序對中排序正確的比例）。` : ''}${spearman !== null ? `分數與角度的斯皮爾曼等級相關係數：${spearman}。` : ''}`,
  lossMissing: '找不到 epoch 指標，因此沒有損失曲線。',

  conclusionsHeading: '結論與未來工作',
  conclusionsSubheading: '結論',
  verdicts: {
    supported: '獲得支持',
    'not-supported': '未獲支持',
    inconclusive: '無法判定',
    'not-tested': '未檢驗',
  },
  hypothesisLine: (n, statement, verdict, reasoning) =>
    `${n}. **${statement}** —— **${verdict}。** ${reasoning}`,
  tooFewProbes: (usable, needed) =>
    `資料太少，無法判定：可用的分析 epoch 只有 ${usable} 個，趨勢分析至少需要 ${needed} 個。`,
  tooFewBatches: (epochs, minBatches) =>
    `Epoch ${epochs} 的探測批次少於 ${minBatches} 個，資料太少，無法據此下結論；這些 epoch 不納入判定。`,
  trendReasoning: ({ quantity, slope, low, high, level, epochs, direction }) =>
    `檢定：${quantity}在 epoch ${epochs} 上的最小平方法斜率為每 epoch ${slope}（${level}% 區間 ${low} 至 ${high}）；${
      direction === 'decreasing'
        ? '整個區間低於零：呈下降'
        : direction === 'increasing'
          ? '整個區間高於零：呈上升'
          : '區間包含零，資料未顯示任何方向的趨勢'
    }。`,
  gnsQuantity: 'B_simple（排序對）',
  alignmentQuantity: '非對角平均餘弦相似度',
  undefinedExcluded: (epochs, reasons) =>
    `Epoch ${epochs} 未納入：該處 B_simple 未定義（${reasons}）。`,
  negativeExcluded: (epochs) => `Epoch ${epochs} 未納入：估計量的某一部分為負。`,
  oneSidedExcluded: (epochs) =>
    `Epoch ${epochs} 未納入：該處 B_simple 只有下界（或沒有區間），沒有可放入趨勢的數值。`,
  outliersNotTested:
    '本次執行中沒有任何資料能判定此假設：被標記的批次並不等於問題樣本（在乾淨資料上也會有批次被標記：可能純屬偶然，或因其所有樣本對都在邊界內而梯度範數較大）。可檢驗的方式：已知真值，即在植入錯誤的資料上執行（執行目錄中由資料稽核寫入的 `planted.json`），或在此類資料上驗證過的偵測器；屆時報告會檢定被標記批次含有植入樣本的頻率是否高於隨機。',
  outliersNoSampleIds: '探測未記錄樣本編號，因此無法將被標記批次與植入的錯誤比對。',
  outliersNoPlantedInProbes:
    '植入錯誤的樣本都沒有出現在任何探測批次中，因此探測無法顯示被標記批次是否指向它們。',
  outliersTest: ({ population, planted, flagged, plantedFlagged, pValue, alpha, enriched }) =>
    `以植入的錯誤檢定：探測批次中的 ${population} 個樣本裡有 ${planted} 個是植入的錯誤；被標記批次含 ${flagged} 個樣本，其中 ${plantedFlagged} 個是植入的。單側超幾何檢定（被標記批次是否富含植入樣本）：p = ${pValue}，${enriched ? `低於 ${alpha}：離群批次指向植入樣本的頻率高於隨機。` : `未低於 ${alpha}：不多於隨機所能解釋。`}`,
  outliersFlagged: (list, samples) =>
    `被標記的批次：${list}。${samples ? `各次探測中最常涉及的樣本（分數為該次探測裡含此樣本的批次中被標記批次所佔的比例）：${samples}。` : ''}`,
  outliersNoneFlagged: (threshold, epochs) =>
    `在 epoch ${epochs} 中沒有批次超過穩健 z 分數門檻 ${threshold}。`,
  outliersTooFew: '沒有任何探測的批次數足以檢測離群批次：資料太少，無法判定。',
  outlierItem: (epoch, index) => `epoch ${epoch} 批次 ${index}`,
  sampleItem: (id, score) => `${id}（分數 ${score}）`,
  samplesOfEpoch: (epoch, items) => `epoch ${epoch}：${items}`,
  batchSizeHeading: '批次大小評估',
  batchSizeAdvice: (
    advice,
    { epoch, batchSize, bNoise, level, low, high, fraction, pairsPerEpoch, upTo, cappedByData },
  ) => {
    const interval = high === null ? `B_simple ≥ ${low}` : `${low} 至 ${high}`;
    const reading = `在 epoch ${epoch}，\`B_noise ≈ B_simple\` = ${bNoise} 個排序對（${level}% 區間 ${interval}），批次大小為 ${batchSize} 個排序對${fraction !== null ? `；在學習率調好的情況下，每一步可達到無雜訊步驟進展的 ${fraction} 倍（\`1/(1 + B_noise/B)\`，[McCandlish et al. 2018，式 2.7](https://arxiv.org/abs/1812.06162)）` : ''}。`;
    const limit =
      pairsPerEpoch !== null
        ? `每個 epoch 有 ${pairsPerEpoch} 個排序對，即資料所允許的最大批次。`
        : '未記錄每個 epoch 的排序對數，因此不知道資料所允許的最大批次。';
    if (advice === 'increase') {
      return `${reading}區間高於批次大小：較大的批次可使每一步更有效，${high === null ? '至少' : '約'}可加大至 ${upTo} 個排序對${cappedByData ? '，即一個 epoch 的全部排序對（雜訊尺度超出資料所允許的範圍）' : ''}。${limit}`;
    }
    if (advice === 'decrease') {
      return `${reading}區間低於批次大小：較小的批次（約縮小至 ${bNoise} 個排序對）能更有效地利用每個排序對，而每一步的進展幾乎不變。`;
    }
    if (advice === 'at-data-limit') {
      return `${reading}區間高於批次大小，但一個批次已包含一個 epoch 的全部排序對：資料不允許更大的批次。`;
    }
    return `${reading}區間包含目前的批次大小，資料無法說明其他批次大小是否更好：不提出建議。`;
  },
  batchSizeUnknown: '沒有可用的雜訊尺度估計，因此不提出批次大小建議。',
  futureHeading: '未來工作',
  futureMoreData: '分析更多 epoch，並在每個 epoch 使用更多探測批次，使每個假設都能判定。',
  futurePlanted: '以植入錯誤執行資料稽核（它會寫入 `planted.json`），使離群批次的假設得以檢驗。',
  futureOutliers: '在下一次訓練前，重新聆聽並檢查上面列出的樣本。',
  futureStatic: [
    '比較不同頻率與不同材質下模型的梯度行為差異。',
    '嘗試不同的批次大小，並以實測的訓練速度檢驗批次大小建議。',
    '利用雜訊尺度在訓練過程中調整學習率或批次大小。',
  ],
};
