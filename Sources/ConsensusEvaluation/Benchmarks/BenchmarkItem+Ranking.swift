public import ConsensusRanking
extension BenchmarkItem {
    /// The item as a question to rank: its question, its context, and its choices as the
    /// candidates, in file order.
    public var rankingQuestion: RankingQuestion {
        RankingQuestion(question: question, context: context, candidates: choices)
    }
}

extension BenchmarkTask {
    /// The task's built-in prompt template, ``templateName`` resolved by `TemplateLibrary`.
    /// - Throws: `TemplateError` if the built-in template is missing.
    public func template() throws -> PromptTemplate {
        try TemplateLibrary.resolve(templateName)
    }
}
