import ConsensusGame
import ConsensusRanking
import ConsensusScoring
import Hummingbird
import Logging

/// `POST /v1/rank`: Equilibrium-Ranking of one question's candidates (``RankRequest`` in,
/// ``RankResponse`` out: the same JSON as `consensus rank --json`).
struct RankRoute {
    /// The engine that scores: a remote one, or the local token-level engine with the batcher
    /// (then each ranking is checked against the context and the token cap, ``RankLimits``).
    enum Scoring: Sendable {
        case remote(any ScoringEngine)
        case batched(any TokenScoringEngine, ScoringBatcher)
    }

    let scoring: Scoring
    /// Where `apply_chat_template` finds the model's chat template: the engine the server was
    /// made with.
    let chatTemplates: any ScoringEngine
    let settings: ServerSettings

    func handle(_ request: Request, logger: Logger) async throws -> Response {
        let body = try await RequestBody.read(request, limit: settings.maxBodyBytes, known: RankRequest.fields)
        let rank = try RankRequest(body.json)
        if rank.question.candidates.count > settings.maxCandidates {
            throw APIError.badField("candidates", "has \(rank.question.candidates.count) entries; this server takes at most \(settings.maxCandidates)")
        }
        if rank.options.solver.iterations > settings.maxIterations {
            throw APIError.badField("options.iterations", "is \(rank.options.solver.iterations); this server takes at most \(settings.maxIterations)")
        }
        var options = rank.options
        options.chat = try rank.chat?.format(with: chatTemplates, option: "options.apply_chat_template")
        let engine: any ScoringEngine
        let limits = RankLimits(
            question: rank.question, contextLength: chatTemplates.model.contextLength,
            tokenCap: settings.requestTokenCap(contextLength: chatTemplates.model.contextLength))
        switch scoring {
        case .remote(let remote): engine = remote
        case .batched(let local, let batcher): engine = BatchedEngine(engine: local, batcher: batcher, check: limits.check)
        }
        do {
            let result = try await EquilibriumRanker(engine: engine, options: options, logger: logger).rank(rank.question)
            return .json(RankResponse(result, model: engine.model))
        } catch let error as ScoringError where error.isAboutTheRequest {
            throw limits.located(error)
        }
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
