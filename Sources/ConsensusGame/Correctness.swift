/// The correctness parameter v of the consensus game: nature draws it, the generator sees it,
/// the discriminator guesses it.
public enum Correctness: Int, CaseIterable, Sendable, Codable {
    /// The generator is asked for a correct answer; the discriminator calls an answer correct.
    case correct
    /// The generator is asked for an incorrect answer; the discriminator calls an answer incorrect.
    case incorrect

    /// The other value.
    public var opposite: Correctness { self == .correct ? .incorrect : .correct }
}

/// A pair of values, one for each ``Correctness``.
///
/// Encodes as `{"correct": …, "incorrect": …}`.
public struct ByCorrectness<Value> {
    /// The value for ``Correctness/correct``.
    public var correct: Value
    /// The value for ``Correctness/incorrect``.
    public var incorrect: Value

    /// Creates a pair from its two values.
    public init(correct: Value, incorrect: Value) {
        self.correct = correct
        self.incorrect = incorrect
    }

    /// Creates a pair by calling `make` once for each correctness value.
    public init(_ make: (Correctness) throws -> Value) rethrows {
        self.correct = try make(.correct)
        self.incorrect = try make(.incorrect)
    }

    /// The value for `v`.
    public subscript(_ v: Correctness) -> Value {
        get { v == .correct ? correct : incorrect }
        set {
            switch v {
            case .correct: correct = newValue
            case .incorrect: incorrect = newValue
            }
        }
    }

    /// Applies `transform` to both values.
    public func map<T>(_ transform: (Value) throws -> T) rethrows -> ByCorrectness<T> {
        ByCorrectness<T>(correct: try transform(correct), incorrect: try transform(incorrect))
    }
}

extension ByCorrectness: Sendable where Value: Sendable {}
extension ByCorrectness: Equatable where Value: Equatable {}
extension ByCorrectness: Hashable where Value: Hashable {}
extension ByCorrectness: Encodable where Value: Encodable {}
extension ByCorrectness: Decodable where Value: Decodable {}
