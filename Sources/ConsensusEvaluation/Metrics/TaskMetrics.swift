public import ConsensusGame

/// Every number reported for one task under one solver setting.
public struct TaskMetrics: Sendable, Hashable, Codable {
    /// The headline metric.
    public var metric: TaskMetric
    /// The number of items.
    public var count: Int
    /// The headline metric of each method, in `RankingMethod.allCases` order.
    public var methods: [MetricEstimate]
    /// The generative method's `acc_norm` and `acc_bytes` (split credit for ties); empty for
    /// MC2 tasks.
    public var generativeVariants: [MetricEstimate]
    /// How often each pair of methods picks the same candidate.
    public var agreement: [PickAgreement]
    /// Initial and final exploitability over the items.
    public var exploitability: ExploitabilityStatistics
    /// Open-ended tasks: the accuracy of greedy decoding, the votes and the any-chain ceiling;
    /// nil for multiple choice.
    public var answerMethods: [AnswerEstimate]?
    /// TruthfulQA generation: BLEU-Acc, ROUGE-L-Acc and the BLEU difference of every
    /// ``FreeTextMethod``; nil otherwise.
    public var freeText: [FreeTextEstimate]?
    /// Where ER pays, item by item (``ItemAnalysis``); nil in metrics written before it existed.
    public var analysis: ItemAnalysis?
    /// The authors' diagnostics: G against D, and the accuracy where SC and D agree
    /// (``TopAnswerDiagnostics``); nil in metrics written before they existed.
    public var diagnostics: TopAnswerDiagnostics?

    /// Creates metrics from their parts.
    public init(
        metric: TaskMetric, count: Int, methods: [MetricEstimate], generativeVariants: [MetricEstimate],
        agreement: [PickAgreement], exploitability: ExploitabilityStatistics, answerMethods: [AnswerEstimate]? = nil,
        freeText: [FreeTextEstimate]? = nil, analysis: ItemAnalysis? = nil, diagnostics: TopAnswerDiagnostics? = nil
    ) {
        self.metric = metric
        self.count = count
        self.methods = methods
        self.generativeVariants = generativeVariants
        self.agreement = agreement
        self.exploitability = exploitability
        self.answerMethods = answerMethods
        self.freeText = freeText
        self.analysis = analysis
        self.diagnostics = diagnostics
    }

    /// Computes the metrics of `outcomes`.
    /// - Precondition: `outcomes` is not empty (``TaskResult`` checks).
    public init(metric: TaskMetric, outcomes: [ItemOutcome]) {
        let methods = RankingMethod.allCases.map { m in
            MetricEstimate(method: m, metric: metric.rawValue, values: outcomes.map { $0.value(metric, m) })
        }
        let variants = metric != .accuracy ? [] : LengthNormalization.allCases.map { normalization in
            MetricEstimate(method: .generative, metric: normalization.rawValue, values: outcomes.map { $0.credit(normalization) })
        }
        self.init(
            metric: metric, count: outcomes.count, methods: methods, generativeVariants: variants,
            agreement: PickAgreement.all(outcomes), exploitability: ExploitabilityStatistics(outcomes),
            answerMethods: outcomes.allSatisfy { $0.chains != nil } ? AnswerMethod.allCases.map { AnswerEstimate($0, outcomes: outcomes) } : nil,
            freeText: outcomes.allSatisfy { $0.generated != nil } ? FreeTextEstimate.all(outcomes) : nil,
            analysis: ItemAnalysis(metric: metric, outcomes: outcomes), diagnostics: TopAnswerDiagnostics(outcomes: outcomes))
    }

    /// The headline estimate of method `m`.
    public subscript(_ m: RankingMethod) -> MetricEstimate {
        methods.first { $0.method == m }!
    }

    /// The estimate of open-ended method `m`; nil for multiple choice.
    public subscript(_ m: AnswerMethod) -> AnswerEstimate? {
        answerMethods?.first { $0.method == m }
    }

    /// The estimate of free-text method `m`'s `metric`; nil unless the task is TruthfulQA generation.
    public subscript(_ m: FreeTextMethod, _ metric: FreeTextMetric) -> FreeTextEstimate? {
        freeText?.first { $0.method == m && $0.metric == metric }
    }

    /// The agreement of methods `a` and `b` (in either order); 1 when they are the same method.
    public func agreement(_ a: RankingMethod, _ b: RankingMethod) -> Double {
        guard a != b else { return 1 }
        return agreement.first { ($0.first, $0.second) == (a, b) || ($0.first, $0.second) == (b, a) }?.fraction ?? 0
    }
}
