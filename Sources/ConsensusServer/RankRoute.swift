import ConsensusEvaluation
import ConsensusGame
import Hummingbird
import Logging

/// `POST /v1/rank`: Equilibrium-Ranking of one question's candidates with the local model.
///
/// Body: `question`, optional `context`, `candidates` (2 or more strings), optional `options`
/// {`template` (a built-in name), `candidate_score` ("sum", "per-character", "per-byte"),
/// `eta`, `lambda`, `iterations`}. Answer: `model`, `template`, the `lm_scores` (generator and
/// discriminator log-probabilities), then what `/v1/solve` answers (policies, each method's
/// scores, ranking and pick, exploitability), `probability_correct` and `cost`.
struct RankRoute {
    let engine: BatchedEngine
    let settings: ServerSettings

    static let fields = ["question", "context", "candidates", "options"]
    static let optionFields = ["template", "candidate_score", "eta", "lambda", "iterations"]

    func handle(_ request: Request, logger: Logger) async throws -> Response {
        let body = try await RequestBody.read(request, limit: settings.maxBodyBytes, known: Self.fields)
        let candidates = try body.strings("candidates") ?? []
        if candidates.count > settings.maxCandidates {
            throw APIError.badField("candidates", "has \(candidates.count) entries; this server takes at most \(settings.maxCandidates)")
        }
        let question = RankingQuestion(question: try body.requiredString("question"), context: try body.string("context"), candidates: candidates)
        try question.validate()
        let options = try self.options(body.object("options", known: Self.optionFields))
        let result = try await EquilibriumRanker(engine: engine, options: options, logger: logger).rank(question)
        guard case .object(var pairs) = SolveResponse.json(id: nil, solution: result.solution) else { preconditionFailure() }
        let p = result.problem
        let numbers = SolveResponse.numbers
        let scores: JSONValue = .object([
            ("generator", .object([("correct", numbers(p.generator.correct)), ("incorrect", numbers(p.generator.incorrect))])),
            ("discriminator", .object([("correct", numbers(p.discriminator.correct)), ("incorrect", numbers(p.discriminator.incorrect))])),
        ])
        pairs.insert(contentsOf: [("model", .string(engine.model.name)), ("template", .string(result.template)), ("lm_scores", scores)], at: 0)
        pairs.append(("probability_correct", numbers(result.probabilityCorrect)))
        let cost: [(String, JSONValue)] = [
            ("tokens_evaluated", .integer(result.cost.tokensEvaluated)),
            ("scoring_milliseconds", .number(result.cost.scoringMilliseconds)),
            ("solving_milliseconds", .number(result.cost.solvingMilliseconds)),
        ]
        pairs.append(("cost", .object(cost)))
        return .json(.object(pairs))
    }

    private func options(_ body: RequestBody?) throws -> RankingOptions {
        var options = RankingOptions()
        guard let body else { return options }
        if let name = try body.string("template") {
            guard let template = TemplateLibrary.builtIn.first(where: { $0.name == name }) else {
                throw APIError.badField("options.template", "is '\(name)'; the templates are \(TemplateLibrary.builtIn.map(\.name).joined(separator: ", "))")
            }
            options.template = template
        }
        if let name = try body.string("candidate_score") {
            guard let score = CandidateScore(rawValue: name) else {
                throw APIError.badField("options.candidate_score", "is '\(name)'; it must be sum, per-character or per-byte")
            }
            options.candidateScore = score
        }
        var solver = SolverSettings()
        if let eta = try body.number("eta") { (solver.etaGenerator, solver.etaDiscriminator) = (eta, eta) }
        if let lambda = try body.number("lambda") { (solver.lambdaGenerator, solver.lambdaDiscriminator) = (lambda, lambda) }
        if let iterations = try body.integer("iterations") {
            guard (0...settings.maxIterations).contains(iterations) else {
                throw APIError.badField("options.iterations", "is \(iterations); it must lie between 0 and \(settings.maxIterations)")
            }
            solver.iterations = iterations
        }
        do { try solver.validate() } catch let error as GameInputError {
            throw APIError.badField("options." + (error.field.hasPrefix("eta") ? "eta" : "lambda"), error.reason)
        }
        options.solver = solver
        return options
    }
}

/// `POST /v1/solve`: the game alone, on log-scores the client supplies; the body is one
/// problem in `consensus solve`'s input format, the answer its output.
struct SolveRoute {
    let settings: ServerSettings

    func handle(_ request: Request) async throws -> Response {
        let body = try await RequestBody.read(request, limit: settings.maxBodyBytes, known: SolveRequest.knownKeys)
        let problem = try SolveRequest(.object(body.fields.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }), defaults: .default)
        if problem.problem.candidateCount > settings.maxCandidates {
            throw APIError.badField("generator", "has \(problem.problem.candidateCount) candidates; this server takes at most \(settings.maxCandidates)")
        }
        if problem.settings.iterations > settings.maxIterations {
            throw APIError.badField("iterations", "is \(problem.settings.iterations); this server takes at most \(settings.maxIterations)")
        }
        let solution = PiKLSolver(settings: problem.settings).solve(problem.problem)
        return .json(SolveResponse.json(id: problem.id, solution: solution))
    }
}
