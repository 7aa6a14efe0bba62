public import ConsensusGame
public import ConsensusRanking
import ConsensusScoring
public import Foundation

/// Everything that produced an evaluation's numbers, written at the top of `results.json` and
/// `report.md`.
public struct EvaluationConfiguration: Sendable, Hashable, Codable {
    /// A file named by what it is and the SHA-256 of its bytes.
    public struct FileIdentity: Sendable, Hashable, Codable {
        /// The file's name or path as the user gave it.
        public var name: String
        /// The SHA-256 of the file's bytes, in hexadecimal.
        public var sha256: String
        /// A data file's schema: `consensus` or the Hugging Face dataset's (``DataSchema``);
        /// `nil` for the model, and in results written before schemas were detected.
        public var schema: DataSchema?
        /// Creates an identity.
        public init(name: String, sha256: String, schema: DataSchema? = nil) {
            self.name = name
            self.sha256 = sha256
            self.schema = schema
        }
    }

    /// A prompt template by name and hash.
    public struct TemplateIdentity: Sendable, Hashable, Codable {
        /// `name@vN#hash-prefix`, or the name.
        public var name: String
        /// The SHA-256 of the template's canonical JSON.
        public var hash: String
        /// Creates an identity.
        public init(name: String, hash: String) {
            self.name = name
            self.hash = hash
        }
    }

    /// The language model.
    public var model: FileIdentity
    /// The template of each task, keyed by task name (`arc_easy`, …).
    public var templates: [String: TemplateIdentity]
    /// How the prompts were laid out: plain, or in the model's chat template (its hash, the
    /// system instruction); one choice for the whole run.
    public var formatting: PromptFormatting
    /// The data file of each task, keyed by task name.
    public var dataFiles: [String: FileIdentity]
    /// The solver settings; several make a sweep, and ``TaskResult/solverIndex`` points here.
    public var solvers: [SolverSettings]
    /// How candidate log-probabilities became generator scores (`sum`, `per-character`, `per-byte`).
    public var candidateScore: String
    /// The scoring engine's settings, as name–value pairs (threads, batch size, …).
    public var engine: [String: String]
    /// The item selection, e.g. `first 200` (see ``Selection/description``).
    public var selection: String
    /// The version of the consensus package.
    public var packageVersion: String
    /// When the evaluation started.
    public var date: Date
    /// Wall-clock seconds of the whole evaluation.
    public var wallTimeSeconds: Double
    /// Tokens the engine evaluated (0 when every score came from a cache). With a remote
    /// engine, what the server reports it evaluated (0 when it does not say).
    public var tokensEvaluated: Int
    /// Tokens sent to a remote engine's server (0 in-process), before its own prefix sharing.
    public var tokensSent: Int
    /// Open-ended tasks: how the chains were sampled (samples, temperature, top-p, max new
    /// tokens, seed, chain prompt), as name–value pairs; nil for multiple choice.
    public var generation: [String: String]?

    /// Creates a configuration.
    public init(
        model: FileIdentity, templates: [String: TemplateIdentity] = [:], formatting: PromptFormatting = .plain,
        dataFiles: [String: FileIdentity] = [:],
        solvers: [SolverSettings] = [.init()], candidateScore: String = "sum", engine: [String: String] = [:],
        selection: String = "all items", packageVersion: String, date: Date, wallTimeSeconds: Double, tokensEvaluated: Int,
        tokensSent: Int = 0, generation: [String: String]? = nil
    ) {
        self.model = model
        self.templates = templates
        self.formatting = formatting
        self.dataFiles = dataFiles
        self.solvers = solvers
        self.candidateScore = candidateScore
        self.engine = engine
        self.selection = selection
        self.packageVersion = packageVersion
        self.date = date
        self.wallTimeSeconds = wallTimeSeconds
        self.tokensEvaluated = tokensEvaluated
        self.tokensSent = tokensSent
        self.generation = generation
    }

    private enum CodingKeys: String, CodingKey {
        case model, templates, formatting, dataFiles, solvers, candidateScore, engine, selection, packageVersion, date, wallTimeSeconds
        case tokensEvaluated, tokensSent, generation
    }

    /// Decodes a configuration; `tokensSent` and `formatting`, added later, may be missing (0,
    /// plain).
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            model: try c.decode(FileIdentity.self, forKey: .model),
            templates: try c.decode([String: TemplateIdentity].self, forKey: .templates),
            formatting: try c.decodeIfPresent(PromptFormatting.self, forKey: .formatting) ?? .plain,
            dataFiles: try c.decode([String: FileIdentity].self, forKey: .dataFiles),
            solvers: try c.decode([SolverSettings].self, forKey: .solvers),
            candidateScore: try c.decode(String.self, forKey: .candidateScore),
            engine: try c.decode([String: String].self, forKey: .engine),
            selection: try c.decode(String.self, forKey: .selection),
            packageVersion: try c.decode(String.self, forKey: .packageVersion),
            date: try c.decode(Date.self, forKey: .date),
            wallTimeSeconds: try c.decode(Double.self, forKey: .wallTimeSeconds),
            tokensEvaluated: try c.decode(Int.self, forKey: .tokensEvaluated),
            tokensSent: try c.decodeIfPresent(Int.self, forKey: .tokensSent) ?? 0,
            generation: try c.decodeIfPresent([String: String].self, forKey: .generation))
    }
}

extension EvaluationConfiguration {
    /// The configuration of a run of `plan` on `engine` that started at `started` and is
    /// ending now.
    init(
        plan: EvaluationPlan, engine: ModelDescription, templates: [String: TemplateIdentity], formatting: PromptFormatting = .plain,
        dataFiles: [String: FileIdentity], started: Date, tokensEvaluated: Int, tokensSent: Int = 0, generation: [String: String]? = nil
    ) {
        self.init(
            model: .init(name: engine.location, sha256: engine.fileHash), templates: templates, formatting: formatting,
            dataFiles: dataFiles, solvers: plan.solvers, candidateScore: plan.candidateScore.rawValue,
            engine: ["engine": engine.engine, "model": engine.name, "context length": "\(engine.contextLength)"],
            selection: plan.selection.description, packageVersion: ConsensusVersion.current, date: started,
            wallTimeSeconds: Date().timeIntervalSince(started), tokensEvaluated: tokensEvaluated, tokensSent: tokensSent,
            generation: generation)
    }
}
