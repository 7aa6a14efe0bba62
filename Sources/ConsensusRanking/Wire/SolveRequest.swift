public import ConsensusGame

/// One problem of `solve`'s input (`consensus solve`, `POST /v1/solve`): the scores, the
/// settings (defaults overridden per problem, ``SolverSettingsFields``) and an optional `id`
/// echoed in the answer.
///
/// Keys: `generator` and `discriminator` (required, each `{"correct": [...], "incorrect": [...]}`,
/// natural-log probabilities, one per candidate; `null`, `"-inf"` and `"-Infinity"` mean
/// -infinity), the settings' fields, and `id` (a string or a number).
public struct SolveRequest: Sendable {
    public var id: JSONValue?
    public var problem: ConsensusProblem
    public var settings: SolverSettings

    /// Every key the input may have.
    public static let knownKeys = ["generator", "discriminator", "id"] + SolverSettingsFields.names

    /// Reads a request from a parsed JSON document.
    /// - Throws: ``GameInputError`` naming the offending field (a dotted JSON path).
    public init(_ json: JSONValue, defaults: SolverSettings) throws {
        guard case .object(let members) = json else {
            throw GameInputError(field: "(top level)", reason: "must be a JSON object, found \(json.typeDescription)")
        }
        if let unknown = members.map(\.key).first(where: { !Self.knownKeys.contains($0) }) {
            throw GameInputError(field: unknown, reason: "is not a known field; the fields are \(Self.knownKeys.joined(separator: ", "))")
        }
        let fields = Dictionary(members.map { ($0.key, $0.value) }, uniquingKeysWith: { first, _ in first })
        id = try fields["id"].map { value in
            switch value {
            case .string, .integer, .number: return value
            default: throw GameInputError(field: "id", reason: "must be a string or a number, found \(value.typeDescription)")
            }
        }
        problem = try ConsensusProblem(
            generator: try Self.scores(fields["generator"], "generator"), discriminator: try Self.scores(fields["discriminator"], "discriminator"))
        settings = try SolverSettingsFields.settings(fields, defaults: defaults)
    }

    private static func scores(_ value: JSONValue?, _ field: String) throws -> ByCorrectness<[Double]> {
        guard let value else {
            throw GameInputError(field: field, reason: "is missing; give {\"correct\": [...], \"incorrect\": [...]}, one log-probability per candidate")
        }
        guard case .object(let members) = value else {
            throw GameInputError(field: field, reason: "must be an object {\"correct\": [...], \"incorrect\": [...]}, found \(value.typeDescription)")
        }
        if let unknown = members.map(\.key).first(where: { $0 != "correct" && $0 != "incorrect" }) {
            throw GameInputError(field: field, reason: "has no field \"\(unknown)\"; its fields are correct, incorrect")
        }
        return ByCorrectness(
            correct: try logProbabilities(value["correct"], "\(field).correct"),
            incorrect: try logProbabilities(value["incorrect"], "\(field).incorrect"))
    }

    private static func logProbabilities(_ value: JSONValue?, _ field: String) throws -> [Double] {
        guard let value else {
            throw GameInputError(field: field, reason: "is missing; give one log-probability per candidate")
        }
        guard case .array(let values) = value else {
            throw GameInputError(field: field, reason: "must be an array of log-probabilities, found \(value.typeDescription)")
        }
        return try values.enumerated().map { (i, element) -> Double in
            if let x = element.number { return x }
            switch element {
            case .null: return -.infinity
            case .string(let text):
                switch text.lowercased() {
                case "-inf", "-infinity": return -.infinity
                case "nan": return .nan  // rejected, with its name, by ConsensusProblem
                case "inf", "+inf", "infinity", "+infinity": return .infinity
                default: break
                }
            default: break
            }
            throw GameInputError(field: "\(field)[\(i)]", reason: "must be a number, null or \"-inf\" (a log-probability), found \(element.typeDescription)")
        }
    }
}
