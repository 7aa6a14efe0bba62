public import ConsensusScoring

/// An item the engine could not score, located in its data file: for example
/// `arc_easy.jsonl:17: item "Mercury_7175875": request 1 of the group has 20007 tokens, more
/// than the context length of 2048; raise --context-length (…)`.
public struct ItemError: Error, Sendable, CustomStringConvertible {
    /// The data file, as the plan names it.
    public var file: String
    /// The item's 1-based line in ``file``.
    public var line: Int?
    /// The item's id.
    public var id: String
    /// The engine's error.
    public var error: ScoringError

    /// Creates an error.
    public init(file: String, line: Int?, id: String, error: ScoringError) {
        self.file = file
        self.line = line
        self.id = id
        self.error = error
    }

    /// `file:line: item "id": the engine's message`.
    public var description: String {
        "\(file)\(line.map { ":\($0)" } ?? ""): item \"\(id)\": \(error)"
    }
}
