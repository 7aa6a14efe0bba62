import ConsensusGame

/// A ranking request (`POST /v1/rank`): `question`, optional `context`, `candidates` (two or
/// more non-empty strings), and optional `options`: `template` (a built-in name),
/// `candidate_score` (`"sum"`, `"per-character"`, `"per-byte"`), `on_degenerate` (`"warn"` or
/// `"fall-back-to-g"`), `apply_chat_template` (a boolean) with `system_instruction` (a string),
/// and the solver settings' fields (``SolverSettingsFields``).
public struct RankRequest: Sendable {
    public var question: RankingQuestion
    public var options: RankingOptions
    /// `apply_chat_template: true` (with any `system_instruction`): the server resolves it with
    /// its engine into ``RankingOptions/chat``. Nil for plain prompts.
    public var chat: ChatFormatting?

    /// The top-level keys.
    public static let fields = ["question", "context", "candidates", "options"]
    /// The keys of `options`.
    public static let optionFields =
        ["template", "candidate_score", "on_degenerate", "apply_chat_template", "system_instruction"] + SolverSettingsFields.names

    /// Reads a request from a parsed JSON body.
    /// - Throws: ``GameInputError`` naming the field (a dotted path) for a malformed or unknown
    ///   field, ``RankingInputError`` for a question that cannot be ranked.
    public init(_ json: JSONValue) throws {
        let body = try Self.members(json, path: "", known: Self.fields)
        /// The string at `key`; nil when absent (or null, where `nullable`).
        func text(_ key: String, in fields: [String: JSONValue], path: String = "", nullable: Bool = false) throws -> String? {
            guard let value = fields[key], !(nullable && value == .null) else { return nil }
            guard case .string(let s) = value else { throw GameInputError(field: path + key, reason: "must be a string, found \(value.typeDescription)") }
            return s
        }
        guard let question = try text("question", in: body) else { throw GameInputError(field: "question", reason: "is required") }
        var candidates: [String] = []
        if let value = body["candidates"] {
            guard case .array(let items) = value else {
                throw GameInputError(field: "candidates", reason: "must be an array of strings, found \(value.typeDescription)")
            }
            candidates = try items.enumerated().map { i, item in
                guard case .string(let s) = item else { throw GameInputError(field: "candidates.\(i)", reason: "must be a string, found \(item.typeDescription)") }
                return s
            }
        }
        self.question = RankingQuestion(question: question, context: try text("context", in: body, nullable: true), candidates: candidates)
        try self.question.validate()
        var options = RankingOptions()
        if let value = body["options"], value != .null {
            let fields = try Self.members(value, path: "options", known: Self.optionFields)
            if let name = try text("template", in: fields, path: "options.") {
                guard let template = TemplateLibrary.builtIn.first(where: { $0.name == name }) else {
                    throw GameInputError(field: "options.template", reason: "is \"\(name)\"; the templates are \(TemplateLibrary.builtIn.map(\.name).joined(separator: ", "))")
                }
                options.template = template
            }
            if let name = try text("candidate_score", in: fields, path: "options.") {
                guard let score = CandidateScore(rawValue: name) else {
                    throw GameInputError(field: "options.candidate_score", reason: "is \"\(name)\"; it must be sum, per-character or per-byte")
                }
                options.candidateScore = score
            }
            if let name = try text("on_degenerate", in: fields, path: "options.") {
                guard let choice = DegenerateGame(rawValue: name) else {
                    throw GameInputError(field: "options.on_degenerate", reason: "is \"\(name)\"; it must be warn or fall-back-to-g")
                }
                options.onDegenerate = choice
            }
            if let value = fields["apply_chat_template"], value != .null {
                guard case .bool(let apply) = value else {
                    throw GameInputError(field: "options.apply_chat_template", reason: "must be true or false, found \(value.typeDescription)")
                }
                if apply { chat = ChatFormatting() }
            }
            if let instruction = try text("system_instruction", in: fields, path: "options.", nullable: true) {
                guard chat != nil else {
                    throw GameInputError(field: "options.system_instruction", reason: "is the chat template's system turn; it needs \"apply_chat_template\": true")
                }
                chat?.systemInstruction = instruction
            }
            options.solver = try SolverSettingsFields.settings(fields, defaults: options.solver, path: "options.")
        }
        self.options = options
    }

    /// The members of an object with only `known` keys; a stray key inside an object (`options`)
    /// is an error naming that object.
    static func members(_ json: JSONValue, path: String, known: [String]) throws -> [String: JSONValue] {
        guard case .object(let members) = json else {
            throw GameInputError(field: path.isEmpty ? "(top level)" : path, reason: "must be a JSON object, found \(json.typeDescription)")
        }
        if let unknown = members.map(\.key).first(where: { !known.contains($0) }) {
            // Inside an object the error names the object (a field of the schema), not the stray key.
            guard path.isEmpty else {
                throw GameInputError(field: path, reason: "has no field \"\(unknown)\"; its fields are \(known.joined(separator: ", "))")
            }
            throw GameInputError(field: unknown, reason: "is not a known field; the fields are \(known.joined(separator: ", "))")
        }
        return Dictionary(members.map { ($0.key, $0.value) }, uniquingKeysWith: { first, _ in first })
    }
}
