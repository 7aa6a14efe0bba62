/// Anything that can score continuations with a language model: the in-process llama.cpp
/// engine, a remote server, or a fixture in tests.
///
/// Implementations must be safe to call from concurrent tasks.
public protocol ScoringEngine: Sendable {
    /// What model this engine runs, for reports and cache keys.
    var model: ModelDescription { get }

    /// Scores every request of `group`, sharing work between requests where the engine can.
    /// - Throws: ``ScoringError`` when a request cannot be scored (too long, empty, engine failure).
    func score(_ group: ScoringGroup) async throws -> GroupScores

    /// Scores several groups, each as ``score(_:)`` would (the same scores), in whatever way
    /// suits the engine best: the in-process engine evaluates several groups' prefix tries in
    /// shared decodes. The default scores them one after the other.
    /// - Returns: one result per group, in order.
    func score(groups: [ScoringGroup]) async throws -> [GroupScores]

    /// How many groups a caller with many should pass to ``score(groups:)`` at a time. Default 1.
    var groupsPerCall: Int { get }
}

extension ScoringEngine {
    public func score(groups: [ScoringGroup]) async throws -> [GroupScores] {
        var results: [GroupScores] = []
        for group in groups { results.append(try await score(group)) }
        return results
    }

    public var groupsPerCall: Int { 1 }

    /// Scores one continuation on its own.
    public func score(_ request: ContinuationRequest) async throws -> ContinuationScore {
        try await score(ScoringGroup(continuations: [request])).continuations[0]
    }

    /// Scores the labels of one label request.
    public func score(_ request: LabelRequest) async throws -> [ContinuationScore] {
        try await score(ScoringGroup(labels: [request])).labels[0]
    }
}

/// Identity and shape of the model behind an engine.
public struct ModelDescription: Sendable, Hashable, Codable {
    /// A human-readable name (the GGUF `general.name`, or the server's model id).
    public var name: String
    /// The engine and every setting of it that changes a score: part of the score cache's key.
    public var engine: String
    /// The architecture, e.g. `"llama"`.
    public var architecture: String
    /// Where the model came from: a file path or a URL.
    public var location: String
    public var vocabularySize: Int
    /// The context length the model was trained with.
    public var trainedContextLength: Int
    /// The context length one request may use in this engine.
    public var contextLength: Int
    /// SHA-256 of the model file (hex), or the server's model fingerprint.
    public var fileHash: String

    public init(
        name: String, engine: String, architecture: String, location: String, vocabularySize: Int,
        trainedContextLength: Int, contextLength: Int, fileHash: String
    ) {
        self.name = name
        self.engine = engine
        self.architecture = architecture
        self.location = location
        self.vocabularySize = vocabularySize
        self.trainedContextLength = trainedContextLength
        self.contextLength = contextLength
        self.fileHash = fileHash
    }
}
