import ConsensusRanking
import ConsensusScoring
import Hummingbird

/// The limits of one `/v1/rank` request on a token-level engine, checked on its tokens before
/// any is scored, and the field of the question that each error names (its `param`).
struct RankLimits: Sendable {
    let question: RankingQuestion
    /// The model's context: the longest sequence (prompt and candidate) it scores.
    let contextLength: Int
    /// The most token positions the request's prefix trie may have (``ServerSettings/maxRequestTokens``).
    let tokenCap: Int

    /// Refuses a sequence longer than the context (400, naming the candidate, or the question
    /// when the prompt alone is too long) and a group with more positions than the cap (413).
    func check(_ tokens: BatchedEngine.Tokens) throws {
        for (index, request) in tokens.enumerated() where request.prompt.count + request.continuation.count > contextLength {
            let field = request.prompt.count >= contextLength ? textField : candidateField(index)
            throw APIError.badField(
                field,
                "makes a prompt of \(request.prompt.count + request.continuation.count) tokens under the template, more than the context length of \(contextLength)")
        }
        let trie = PrefixTrie(sequences: tokens.map { $0.prompt + $0.continuation }, scoredFrom: tokens.map(\.prompt.count))
        if trie.minimumTokens > tokenCap {
            throw APIError(
                .contentTooLarge,
                "the question's \(tokens.count) prompts need \(trie.minimumTokens) token positions scored (a prefix they share counted once); this server scores at most \(tokenCap) per request (--max-request-tokens): shorten \"\(largestField)\" or send fewer candidates",
                param: largestField)
        }
    }

    /// The error of an engine's refusal of one request, with the field it came from.
    func located(_ error: ScoringError) -> ScoringError {
        var error = error
        error.field = error.field ?? error.request.map(candidateField) ?? largestField
        return error
    }

    /// `candidates.k` for request `index` of the group.
    func candidateField(_ index: Int) -> String {
        EquilibriumRanker.candidate(ofRequest: index, candidates: question.candidates.count).map { "candidates.\($0)" } ?? largestField
    }

    /// The longer of the question and its context: what every prompt repeats.
    var textField: String {
        (question.context?.utf8.count ?? 0) > question.question.utf8.count ? "context" : "question"
    }

    /// The field with the most text: the question, its context, or the candidates together.
    var largestField: String {
        let candidates = question.candidates.reduce(0) { $0 + $1.utf8.count }
        let text = max(question.question.utf8.count, question.context?.utf8.count ?? 0)
        return candidates > text ? "candidates" : textField
    }
}
