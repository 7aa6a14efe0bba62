import ConsensusGame
import ConsensusRanking
import ConsensusScoring
import Hummingbird
import Logging

/// `POST /v1/rank`: Equilibrium-Ranking of one question's candidates (``RankRequest`` in,
/// ``RankResponse`` out: the same JSON as `consensus rank --json`).
struct RankRoute {
    let engine: any ScoringEngine
    /// Where `apply_chat_template` finds the model's chat template: the engine the server was
    /// made with (``engine`` may be that engine seen through the batcher).
    let chatTemplates: any ScoringEngine
    let settings: ServerSettings

    func handle(_ request: Request, logger: Logger) async throws -> Response {
        let body = try await RequestBody.read(request, limit: settings.maxBodyBytes, known: RankRequest.fields)
        let rank: RankRequest
        do { rank = try RankRequest(body.json) } catch let error as RankingInputError {
            throw APIError(.badRequest, error.message, param: Self.invalidField(body))
        }
        if rank.question.candidates.count > settings.maxCandidates {
            throw APIError.badField("candidates", "has \(rank.question.candidates.count) entries; this server takes at most \(settings.maxCandidates)")
        }
        if rank.options.solver.iterations > settings.maxIterations {
            throw APIError.badField("options.iterations", "is \(rank.options.solver.iterations); this server takes at most \(settings.maxIterations)")
        }
        var options = rank.options
        if let chat = rank.chat {
            do {
                options.chat = try chat.format(with: chatTemplates, option: "options.apply_chat_template")
            } catch let error as TemplateError {
                throw APIError(.badRequest, error.message, param: "options.apply_chat_template")
            }
        }
        let result = try await EquilibriumRanker(engine: engine, options: options, logger: logger).rank(rank.question)
        return .json(RankResponse(result, model: engine.model))
    }

    /// The field at fault in a question that cannot be ranked (``RankingQuestion/validate()``,
    /// whose error names it only in words), so that the answer's `param` names it as every other
    /// 400 does: `question`, `candidates`, or `candidates.i` for an empty candidate.
    static func invalidField(_ body: RequestBody) -> String? {
        func blank(_ value: JSONValue?) -> Bool {
            if case .string(let text)? = value { return text.allSatisfy(\.isWhitespace) }
            return false
        }
        if blank(body["question"]) { return "question" }
        guard case .array(let candidates)? = body["candidates"] else { return "candidates" }
        if candidates.count < 2 { return "candidates" }
        return candidates.firstIndex(where: { blank($0) }).map { "candidates.\($0)" }
    }
}

/// `POST /v1/solve`: the game alone, on log-scores the client supplies (``SolveRequest`` in,
/// ``SolveResponse`` out: one problem of `consensus solve`).
struct SolveRoute {
    let settings: ServerSettings

    func handle(_ request: Request) async throws -> Response {
        let body = try await RequestBody.read(request, limit: settings.maxBodyBytes, known: SolveRequest.knownKeys)
        let problem = try SolveRequest(body.json, defaults: .default)
        if problem.problem.candidateCount > settings.maxCandidates {
            throw APIError.badField("generator", "has \(problem.problem.candidateCount) candidates; this server takes at most \(settings.maxCandidates)")
        }
        if problem.settings.iterations > settings.maxIterations {
            throw APIError.badField("iterations", "is \(problem.settings.iterations); this server takes at most \(settings.maxIterations)")
        }
        let solution = EquilibriumSolver(settings: problem.settings).solve(problem.problem)
        return .json(SolveResponse(id: problem.id, solution: solution))
    }
}
