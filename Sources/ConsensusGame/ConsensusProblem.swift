/// One question's language-model scores for n ≥ 2 candidate answers: the input of the consensus
/// game (spec sections 1 and 3).
///
/// All scores are natural-log probabilities. `-infinity` is allowed and means "probability 0"
/// (see ``ConsensusProblem/initialPolicies(_:)`` for how such candidates are treated); NaN and
/// `+infinity` are rejected.
public struct ConsensusProblem: Sendable, Codable, Hashable {
    /// The generator's scores g(v, y) = log P_LM(y | x, v), one per candidate, for each v.
    public var generator: ByCorrectness<[Double]>
    /// The discriminator's scores d(y, v) = log P_LM(v | x, y), one per candidate, for each v.
    /// Index `[v][y]`: `discriminator.correct[y]` is log P_LM(correct | x, y).
    public var discriminator: ByCorrectness<[Double]>

    /// Creates a problem, validating its scores.
    ///
    /// - Parameters:
    ///   - generator: log P_LM(y | x, v) for each v, one entry per candidate.
    ///   - discriminator: log P_LM(v | x, y) for each v, one entry per candidate.
    /// - Throws: ``GameInputError`` naming the field when the four arrays differ in length, when
    ///   there are fewer than 2 candidates, or when an entry is NaN or `+infinity`.
    public init(generator: ByCorrectness<[Double]>, discriminator: ByCorrectness<[Double]>) throws {
        self.generator = generator
        self.discriminator = discriminator
        try validate()
    }

    /// The number of candidates n.
    public var candidateCount: Int { generator.correct.count }

    /// Checks the invariants that ``init(generator:discriminator:)`` checks; useful after
    /// mutating the public properties or decoding.
    ///
    /// - Throws: ``GameInputError`` naming the first offending field.
    public func validate() throws {
        let reference = "generator.correct"
        let n = generator.correct.count
        let fields: [(String, [Double])] = [
            ("generator.correct", generator.correct),
            ("generator.incorrect", generator.incorrect),
            ("discriminator.correct", discriminator.correct),
            ("discriminator.incorrect", discriminator.incorrect),
        ]
        for (name, values) in fields.dropFirst() where values.count != n {
            throw GameInputError(
                field: name,
                reason: "has \(values.count) \(values.count == 1 ? "entry" : "entries") but \"\(reference)\" has \(n)")
        }
        if n < 2 {
            throw GameInputError(
                field: reference,
                reason: "has \(n) \(n == 1 ? "entry" : "entries"); the game needs at least 2 candidates")
        }
        for (name, values) in fields {
            for (index, value) in values.enumerated() {
                if value.isNaN {
                    throw GameInputError(field: "\(name)[\(index)]", reason: "is NaN; log-probabilities must be finite or -infinity")
                }
                if value == .infinity {
                    throw GameInputError(field: "\(name)[\(index)]", reason: "is +infinity; log-probabilities must be finite or -infinity")
                }
            }
        }
    }

    /// Decodes a problem from `{"generator": {"correct": […], "incorrect": […]}, "discriminator": {…}}`
    /// and validates it like ``init(generator:discriminator:)``.
    ///
    /// - Throws: `DecodingError.dataCorrupted` wrapping a ``GameInputError`` when validation fails.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        generator = try container.decode(ByCorrectness<[Double]>.self, forKey: .generator)
        discriminator = try container.decode(ByCorrectness<[Double]>.self, forKey: .discriminator)
        do {
            try validate()
        } catch let error as GameInputError {
            throw DecodingError.dataCorrupted(
                DecodingError.Context(codingPath: container.codingPath, debugDescription: error.description, underlyingError: error))
        }
    }

    private enum CodingKeys: String, CodingKey {
        case generator, discriminator
    }
}
