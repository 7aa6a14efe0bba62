import ConsensusGame

/// One problem of the `solve` input: the scores, the settings (defaults from the command line,
/// overridden per problem) and an optional `id` echoed in the output.
///
/// Input keys: `generator` and `discriminator` (required, each `{"correct": [...],
/// "incorrect": [...]}`, natural-log probabilities, one per candidate; `null`, "-inf" and
/// "-Infinity" mean -infinity), `eta`, `lambda` (both players), `eta_generator`,
/// `eta_discriminator`, `lambda_generator`, `lambda_discriminator` (one player, taking precedence),
/// `iterations`, `normalization` ("cross" or "plain"), `exploitability_interval` (integer or
/// null), `equilibrium_iterate` ("last" or "average"), `id` (string or number).
public struct SolveRequest: Sendable {
    public var id: JSONValue?
    public var problem: ConsensusProblem
    public var settings: SolverSettings

    public static let knownKeys = [
        "generator", "discriminator", "eta", "lambda", "eta_generator", "eta_discriminator",
        "lambda_generator", "lambda_discriminator", "iterations", "normalization",
        "exploitability_interval", "equilibrium_iterate", "id",
    ]

    /// The largest `iterations` accepted.
    public static let maximumIterations = 100_000_000

    /// Reads a request from a parsed JSON document.
    ///
    /// - Throws: ``GameInputError`` naming the offending field (a dotted JSON path).
    public init(_ json: JSONValue, defaults: SolverSettings) throws {
        guard case .object(let pairs) = json else {
            throw GameInputError(field: "(top level)", reason: "must be a JSON object, found \(json.typeDescription)")
        }
        let fields = Dictionary(pairs, uniquingKeysWith: { first, _ in first })
        if let unknown = pairs.map(\.0).first(where: { !Self.knownKeys.contains($0) }) {
            throw GameInputError(field: unknown, reason: "is not a known field; the fields are \(Self.knownKeys.joined(separator: ", "))")
        }
        id = try fields["id"].map { value in
            switch value {
            case .string: return value
            case .number(let x) where x == x.rounded() && abs(x) < 9e15: return .integer(Int(x))
            case .number: return value
            default: throw GameInputError(field: "id", reason: "must be a string or a number, found \(value.typeDescription)")
            }
        }
        let generator = try Self.scores(fields["generator"], "generator")
        let discriminator = try Self.scores(fields["discriminator"], "discriminator")
        do {
            problem = try ConsensusProblem(generator: generator, discriminator: discriminator)
        } catch let error as GameInputError {
            throw error
        } catch {
            throw GameInputError(field: "generator", reason: "\(error)")
        }

        var settings = defaults
        // Per-player keys take precedence over the shared ones; remember where each came from.
        var source: [String: String] = [:]
        for (key, setting) in [("eta", "eta"), ("lambda", "lambda")] {
            guard let value = fields[key] else { continue }
            let x = try Self.number(value, key)
            if setting == "eta" {
                settings.etaGenerator = x
                settings.etaDiscriminator = x
                source["etaGenerator"] = key
                source["etaDiscriminator"] = key
            } else {
                settings.lambdaGenerator = x
                settings.lambdaDiscriminator = x
                source["lambdaGenerator"] = key
                source["lambdaDiscriminator"] = key
            }
        }
        let perPlayer: [(String, WritableKeyPath<SolverSettings, Double>, String)] = [
            ("eta_generator", \.etaGenerator, "etaGenerator"),
            ("eta_discriminator", \.etaDiscriminator, "etaDiscriminator"),
            ("lambda_generator", \.lambdaGenerator, "lambdaGenerator"),
            ("lambda_discriminator", \.lambdaDiscriminator, "lambdaDiscriminator"),
        ]
        for (key, path, name) in perPlayer {
            guard let value = fields[key] else { continue }
            settings[keyPath: path] = try Self.number(value, key)
            source[name] = key
        }
        if let value = fields["iterations"] {
            settings.iterations = try Self.integer(value, "iterations", range: 0...Self.maximumIterations,
                                                   expected: "an integer from 0 to \(Self.maximumIterations)")
        }
        if let value = fields["exploitability_interval"] {
            settings.exploitabilityInterval = value == .null
                ? nil : try Self.integer(value, "exploitability_interval", range: 1...Int.max, expected: "a positive integer or null")
        }
        if let value = fields["normalization"] {
            guard case .string(let text) = value, let normalization = Self.normalization(text) else {
                throw GameInputError(field: "normalization", reason: "must be \"cross\" or \"plain\", found \(value.typeDescription)")
            }
            settings.normalization = normalization
        }
        if let value = fields["equilibrium_iterate"] {
            guard case .string(let text) = value, let iterate = EquilibriumIterate(rawValue: text) else {
                throw GameInputError(field: "equilibrium_iterate", reason: "must be \"last\" or \"average\", found \(value.typeDescription)")
            }
            settings.equilibriumIterate = iterate
        }
        do {
            try settings.validate()
        } catch let error as GameInputError {
            // Name the field as the input spelled it.
            throw GameInputError(field: source[error.field] ?? Self.optionName(error.field), reason: error.reason)
        } catch {
            throw GameInputError(field: "settings", reason: "\(error)")
        }
        self.settings = settings
    }

    /// "cross" (or "crossNormalized", "cross-normalized") and "plain".
    public static func normalization(_ text: String) -> InitialPolicyNormalization? {
        switch text.lowercased() {
        case "cross", "crossnormalized", "cross-normalized", "cross_normalized": .crossNormalized
        case "plain": .plain
        default: nil
        }
    }

    /// The name of a setting on the command line and in the output.
    public static func optionName(_ setting: String) -> String {
        switch setting {
        case "etaGenerator": "eta_generator"
        case "etaDiscriminator": "eta_discriminator"
        case "lambdaGenerator": "lambda_generator"
        case "lambdaDiscriminator": "lambda_discriminator"
        case "exploitabilityInterval": "exploitability_interval"
        default: setting
        }
    }

    private static func scores(_ value: JSONValue?, _ field: String) throws -> ByCorrectness<[Double]> {
        guard let value else {
            throw GameInputError(field: field, reason: "is missing; give {\"correct\": [...], \"incorrect\": [...]}, one log-probability per candidate")
        }
        guard case .object(let pairs) = value else {
            throw GameInputError(field: field, reason: "must be an object {\"correct\": [...], \"incorrect\": [...]}, found \(value.typeDescription)")
        }
        if let unknown = pairs.map(\.0).first(where: { $0 != "correct" && $0 != "incorrect" }) {
            throw GameInputError(field: "\(field).\(unknown)", reason: "is not a known field; the fields are correct, incorrect")
        }
        let fields = Dictionary(pairs, uniquingKeysWith: { first, _ in first })
        return ByCorrectness(
            correct: try logProbabilities(fields["correct"], "\(field).correct"),
            incorrect: try logProbabilities(fields["incorrect"], "\(field).incorrect"))
    }

    private static func logProbabilities(_ value: JSONValue?, _ field: String) throws -> [Double] {
        guard let value else {
            throw GameInputError(field: field, reason: "is missing; give one log-probability per candidate")
        }
        guard case .array(let values) = value else {
            throw GameInputError(field: field, reason: "must be an array of log-probabilities, found \(value.typeDescription)")
        }
        return try values.enumerated().map { (i, element) -> Double in
            let name = "\(field)[\(i)]"
            switch element {
            case .number(let x): return x
            case .null: return -.infinity
            case .string(let text):
                switch text.lowercased() {
                case "-inf", "-infinity": return -.infinity
                case "nan": return .nan  // rejected, with its name, by ConsensusProblem
                case "inf", "+inf", "infinity", "+infinity": return .infinity
                default: break
                }
                fallthrough
            default:
                throw GameInputError(field: name, reason: "must be a number, null or \"-inf\" (a log-probability), found \(element.typeDescription)")
            }
        }
    }

    private static func number(_ value: JSONValue, _ field: String) throws -> Double {
        guard case .number(let x) = value else {
            throw GameInputError(field: field, reason: "must be a number, found \(value.typeDescription)")
        }
        return x
    }

    private static func integer(_ value: JSONValue, _ field: String, range: ClosedRange<Int>, expected: String) throws -> Int {
        guard case .number(let x) = value, x == x.rounded(), x >= Double(range.lowerBound), x <= Double(min(range.upperBound, 1 << 53)) else {
            throw GameInputError(field: field, reason: "must be \(expected), found \(value.typeDescription)")
        }
        return Int(x)
    }
}
