public import ConsensusGame

/// The answer to one `solve` problem (`consensus solve`, `POST /v1/solve`), and the solution part
/// of a ranking (``RankResponse``), as written by ``WireFormat``.
///
/// Keys: `id` (when the input had one), `candidates`, `settings` (every setting used),
/// `initial`, `final` (the last iterate) and `average` (the average iterate), each
/// `{"generator": {"correct": [...], "incorrect": [...]}, "discriminator": {...}}` of
/// probabilities (discriminator arrays indexed by candidate: `discriminator.correct[y]` is
/// π_D(correct | y)); `scores`, `ranking` (candidate indices from 0, best first; ties by index)
/// and `pick` for each of G, MI, MI*, SC, D, ER-G, ER-D; `exploitability` (of `final`),
/// `initial_exploitability`, `average_exploitability`; `iterations_used` (fewer than the
/// settings' `iterations` when a target exploitability was reached first) and `converged` (with
/// a target: whether it was reached; absent without one); `trajectory` when an exploitability
/// interval was set. G and MI are natural-log scores: for a candidate with probability 0 they
/// are the string "-inf".
public struct SolveResponse: Sendable, Codable {
    public var id: JSONValue?
    public var candidates: Int
    public var settings: SolverSettings
    public var initial: PolicyPair
    public var final: PolicyPair
    public var average: PolicyPair
    public var scores: [String: [Double]]
    public var ranking: [String: [Int]]
    public var pick: [String: Int]
    public var exploitability: Double
    public var initialExploitability: Double
    public var averageExploitability: Double
    public var iterationsUsed: Int
    public var converged: Bool?
    public var trajectory: [ExploitabilityPoint]?

    /// The answer for `solution`, echoing `id`.
    public init(id: JSONValue? = nil, solution s: Solution) {
        self.id = id
        candidates = s.initial.candidateCount
        settings = s.settings
        initial = s.initial
        final = s.lastIterate
        average = s.averageIterate
        let methods = RankingMethod.allCases
        scores = Dictionary(uniqueKeysWithValues: methods.map { ($0.rawValue, s.scores[$0]) })
        ranking = Dictionary(uniqueKeysWithValues: methods.map { ($0.rawValue, s.scores.ranking($0)) })
        pick = Dictionary(uniqueKeysWithValues: methods.map { ($0.rawValue, s.scores.pick($0)) })
        exploitability = s.exploitability
        initialExploitability = s.initialExploitability
        averageExploitability = s.averageExploitability
        iterationsUsed = s.iterationsUsed
        converged = s.converged
        trajectory = s.settings.exploitabilityInterval == nil ? nil : s.trajectory
    }
}
