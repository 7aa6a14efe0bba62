import ConsensusGame

/// The `solve` output for one problem, as a JSON object with its keys in a fixed order.
///
/// Keys: `id` (when the input had one), `candidates`, `settings` (every setting used),
/// `initial`, `final` (the last iterate) and `average` (the average iterate), each
/// `{"generator": {"correct": [...], "incorrect": [...]}, "discriminator": {...}}` of
/// probabilities (discriminator arrays indexed by candidate: `discriminator.correct[y]` is
/// π_D(correct | y)); `scores` and `ranking` (candidate indices from 0, best first; ties by
/// index) and `pick` for each of G, MI, SC, D, ER-G, ER-D; `exploitability` (of `final`),
/// `initial_exploitability`, `average_exploitability`; `trajectory` when an exploitability
/// interval was set. G and MI are natural-log scores: for a candidate with probability 0 they
/// are the string "-inf" (every other number is finite).
public enum SolveResponse {
    public static func json(id: JSONValue?, solution s: Solution) -> JSONValue {
        var pairs: [(String, JSONValue)] = []
        if let id { pairs.append(("id", id)) }
        pairs.append(("candidates", .integer(s.initial.candidateCount)))
        pairs.append(("settings", settings(s.settings)))
        pairs.append(("initial", policies(s.initial)))
        pairs.append(("final", policies(s.lastIterate)))
        pairs.append(("average", policies(s.averageIterate)))
        pairs.append(("scores", .object(RankingMethod.allCases.map { ($0.rawValue, numbers(s.scores[$0])) })))
        pairs.append(("ranking", .object(RankingMethod.allCases.map {
            ($0.rawValue, .array(s.scores.ranking($0).map { .integer($0) }))
        })))
        pairs.append(("pick", .object(RankingMethod.allCases.map { ($0.rawValue, .integer(s.scores.pick($0))) })))
        pairs.append(("exploitability", .number(s.exploitability)))
        pairs.append(("initial_exploitability", .number(s.initialExploitability)))
        pairs.append(("average_exploitability", .number(s.averageExploitability)))
        if s.settings.exploitabilityInterval != nil {
            pairs.append(("trajectory", .array(s.trajectory.map {
                .object([("iteration", .integer($0.iteration)), ("exploitability", .number($0.exploitability))])
            })))
        }
        return .object(pairs)
    }

    static func settings(_ s: SolverSettings) -> JSONValue {
        .object([
            ("eta_generator", .number(s.etaGenerator)),
            ("eta_discriminator", .number(s.etaDiscriminator)),
            ("lambda_generator", .number(s.lambdaGenerator)),
            ("lambda_discriminator", .number(s.lambdaDiscriminator)),
            ("iterations", .integer(s.iterations)),
            ("normalization", .string(s.normalization == .crossNormalized ? "cross" : "plain")),
            ("equilibrium_iterate", .string(s.equilibriumIterate.rawValue)),
            ("exploitability_interval", s.exploitabilityInterval.map { .integer($0) } ?? .null),
        ])
    }

    static func policies(_ p: PolicyPair) -> JSONValue {
        .object([
            ("generator", .object([("correct", numbers(p.generator.correct)), ("incorrect", numbers(p.generator.incorrect))])),
            ("discriminator", .object([("correct", numbers(p.discriminator.correct)), ("incorrect", numbers(p.discriminator.incorrect))])),
        ])
    }

    static func numbers(_ values: [Double]) -> JSONValue {
        .array(values.map { .number($0) })
    }
}
