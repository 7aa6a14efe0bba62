public import AsyncHTTPClient
public import ConsensusScoring
import Foundation
public import Logging

/// A scoring engine on a remote server: vLLM or any OpenAI-compatible completions server
/// (`consensus serve` among them), or SGLang. Scores follow the in-process engine's
/// tokenization (see ``RemoteScorer``); prompts go as token ids when the server offers
/// `/tokenize`. On vLLM and SGLang it also samples (RemoteEngine+Generation.swift).
///
/// ``connect(_:client:logger:)`` asks the server for its model, chooses token-id or text
/// prompts, and runs the ``SelfCheck``: a server that returns no prompt log-probabilities or
/// shifted ones is refused. Safe to call from concurrent tasks; at most `concurrency` HTTP
/// requests are in flight.
///
/// Cache key: `model.engine` names the API and the prompt mode, not the URL (the same model on
/// another host or port shares cached scores); `model.fileHash` hashes the server's model id,
/// what the server reports about it (`consensus serve` reports its GGUF file's SHA-256) and the
/// self-check's log-probabilities rounded to 0.01, so another model never reads these scores.
/// Scores from `consensus serve` are keyed apart from the in-process engine's, although they
/// are equal.
public struct RemoteEngine: ScoringEngine {
    public let model: ModelDescription
    public let settings: RemoteEngineSettings
    /// Whether prompts are sent as token ids.
    public var sendsTokenIDs: Bool { scorer.tokenIDs }
    let scorer: RemoteScorer

    /// Connects to the server and checks it.
    /// - Parameters:
    ///   - client: an HTTP client whose owner shuts it down after the engine's last use; nil
    ///     (the default) gives the engine its own, shut down when the engine is released.
    /// - Throws: ``SettingsError`` for bad settings; ``ScoringError`` when the server cannot
    ///   be reached, does not serve the model, or fails the self-check.
    public static func connect(_ settings: RemoteEngineSettings, client: HTTPClient? = nil, logger: Logger) async throws -> RemoteEngine {
        try settings.validate()
        let owner = ClientOwner(client ?? RemoteHTTP.makeClient(), owned: client == nil)
        let http = RemoteHTTP(client: owner.client, settings: settings, logger: logger)
        let api: any RemoteAPI = settings.kind == .openai ? OpenAICompletionsAPI(http: http) : SGLangAPI(http: http)
        let server = try await api.model(settings.modelID)
        let tokenIDs = settings.tokenIDPrompts ? try await api.tokenize("Hello", model: server.id) != nil : false
        var labelScorer: (@Sendable ([Int32], [Int32]) async throws -> [Double])?
        if tokenIDs, let sglang = api as? SGLangAPI {
            labelScorer = { try await sglang.labelLogProbabilities(prompt: $0, labels: $1) }
        }
        var scorer = RemoteScorer(
            api: api, modelID: server.id, settings: settings, tokenIDs: tokenIDs, labelScorer: labelScorer)
        scorer.contextLength = server.contextLength
        let check = try await SelfCheck(scorer: scorer).run()
        let rounded = check.map { String(format: "%.2f", $0) }.joined(separator: ",")
        if tokenIDs, let openAI = api as? OpenAICompletionsAPI, settings.route == .auto {
            scorer.planRoute = try await SelfCheck(scorer: scorer).planRoute(openAI, echoed: check, logger: logger)
        }
        let mode = (tokenIDs ? "token-id prompts" : "text prompts") + {
            switch scorer.planRoute {
            case .tokens: ", vLLM token route"
            case .completions: ", next-token ids"
            case nil: ""
            }
        }()
        let model = ModelDescription(
            name: server.id,
            engine: "remote \(settings.kind.rawValue) (\(mode); max_tokens \(settings.maxTokens))",
            architecture: "unknown", location: settings.baseURL, vocabularySize: 0,
            trainedContextLength: server.contextLength ?? 0, contextLength: server.contextLength ?? 0,
            fileHash: SHA256.hex("\(server.id)\n\(server.details)\n\(rounded)"))
        logger.info(
            "remote engine ready",
            metadata: ["url": "\(settings.baseURL)", "model": "\(server.id)", "prompts": "\(mode)", "self-check": "passed"])
        return RemoteEngine(model: model, settings: settings, scorer: scorer, owner: owner)
    }

    private let owner: ClientOwner

    private init(model: ModelDescription, settings: RemoteEngineSettings, scorer: RemoteScorer, owner: ClientOwner) {
        self.model = model
        self.settings = settings
        self.scorer = scorer
        self.owner = owner
    }

    public func score(_ group: ScoringGroup) async throws -> GroupScores {
        try await scorer.score(group)
    }
}

/// Shuts down an HTTP client the engine created, when the last copy of the engine goes.
private final class ClientOwner: Sendable {
    let client: HTTPClient
    let owned: Bool

    init(_ client: HTTPClient, owned: Bool) {
        self.client = client
        self.owned = owned
    }

    deinit {
        if owned { client.shutdown { _ in } }
    }
}
