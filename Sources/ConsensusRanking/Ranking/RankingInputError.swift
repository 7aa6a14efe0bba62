/// A question that cannot be ranked: what is wrong (``kind``), the field at fault as the wire
/// names it (``field``) and the offending value.
///
/// The description is one sentence for a person, with candidates counted from 1:
/// `the question is empty`, `ranking needs at least two candidates (got 1)`,
/// `candidate 2 is empty`; ``field`` counts them from 0 as the JSON does (`candidates.1`).
public struct RankingInputError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong with the question. New kinds may be added.
    public struct Kind: Sendable, Hashable, CustomStringConvertible {
        fileprivate enum Code: String, Sendable, Hashable {
            case emptyQuestion, tooFewCandidates, emptyCandidate
        }

        fileprivate let code: Code

        /// The question is empty or white space.
        public static let emptyQuestion = Kind(code: .emptyQuestion)
        /// Fewer than two candidates.
        public static let tooFewCandidates = Kind(code: .tooFewCandidates)
        /// A candidate is empty or white space.
        public static let emptyCandidate = Kind(code: .emptyCandidate)

        public var description: String { code.rawValue }
    }

    public var kind: Kind
    /// The field at fault, as a path into a `/v1/rank` body: `question`, `candidates`, or
    /// `candidates.i` (0-based) for one candidate.
    public var field: String
    /// The offending value: the question's text, the number of candidates, or the candidate's text.
    public var value: String
    /// The candidate at fault (0-based), for ``Kind/emptyCandidate``.
    public var candidate: Int?

    /// Creates an error; ``emptyQuestion(_:)``, ``tooFewCandidates(_:)`` and
    /// ``emptyCandidate(_:_:)`` fill the fields in.
    public init(kind: Kind, field: String, value: String, candidate: Int? = nil) {
        self.kind = kind
        self.field = field
        self.value = value
        self.candidate = candidate
    }

    /// The question `text` is empty or white space.
    public static func emptyQuestion(_ text: String) -> RankingInputError {
        RankingInputError(kind: .emptyQuestion, field: "question", value: text)
    }

    /// There are only `count` candidates.
    public static func tooFewCandidates(_ count: Int) -> RankingInputError {
        RankingInputError(kind: .tooFewCandidates, field: "candidates", value: "\(count)")
    }

    /// Candidate `index` (0-based), `text`, is empty or white space.
    public static func emptyCandidate(_ index: Int, _ text: String) -> RankingInputError {
        RankingInputError(kind: .emptyCandidate, field: "candidates.\(index)", value: text, candidate: index)
    }

    public var description: String {
        switch kind.code {
        case .emptyQuestion: "the question is empty"
        case .tooFewCandidates: "ranking needs at least two candidates (got \(value))"
        case .emptyCandidate: "candidate \((candidate ?? 0) + 1) is empty"
        }
    }
}
