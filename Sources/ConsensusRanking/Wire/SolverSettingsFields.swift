package import ConsensusGame

/// The solver settings as JSON fields: the one translation between the wire's names and
/// ``SolverSettings``, used by `solve`'s input, `/v1/solve` and the `options` of a ranking.
///
/// Fields: `solver` (`"pikl"` or `"extragradient"`), `eta`, `lambda` (both players),
/// `eta_generator`, `eta_discriminator`, `lambda_generator`, `lambda_discriminator` (one player,
/// taking precedence), `extragradient_step_size`, `iterations` (with a target: the cap),
/// `target_exploitability` (a number above 0, or null), `normalization` (`"cross"` or
/// `"plain"`), `exploitability_interval` (an integer or null), `equilibrium_iterate` (`"last"` or
/// `"average"`). They are written back (``SolveResponse``) under the same names, one per player.
package enum SolverSettingsFields {
    /// The field names.
    package static let names = [
        "solver", "eta", "lambda", "eta_generator", "eta_discriminator", "lambda_generator", "lambda_discriminator",
        "extragradient_step_size", "iterations", "target_exploitability", "normalization", "exploitability_interval",
        "equilibrium_iterate",
    ]

    /// The largest `iterations` accepted.
    package static let maximumIterations = 100_000_000

    /// `defaults` with the settings `fields` give.
    ///
    /// - Parameters:
    ///   - fields: an object's members; members not named in ``names`` are ignored.
    ///   - path: the object's place in the request, prefixed to field names in errors (`options.`).
    /// - Throws: ``GameInputError`` naming the field as the input spelled it.
    package static func settings(_ fields: [String: JSONValue], defaults: SolverSettings, path: String = "") throws -> SolverSettings {
        var settings = defaults
        var source: [String: String] = [:]  // the field each setting came from, for errors
        func name(_ field: String) -> String { path + field }
        for (field, paths) in [("eta", [\SolverSettings.etaGenerator, \.etaDiscriminator]), ("lambda", [\.lambdaGenerator, \.lambdaDiscriminator])] {
            guard let value = fields[field] else { continue }
            let x = try number(value, name(field))
            for p in paths { settings[keyPath: p] = x }
            for setting in field == "eta" ? ["etaGenerator", "etaDiscriminator"] : ["lambdaGenerator", "lambdaDiscriminator"] {
                source[setting] = field
            }
        }
        let perPlayer: [(String, WritableKeyPath<SolverSettings, Double>, String)] = [
            ("eta_generator", \.etaGenerator, "etaGenerator"), ("eta_discriminator", \.etaDiscriminator, "etaDiscriminator"),
            ("lambda_generator", \.lambdaGenerator, "lambdaGenerator"), ("lambda_discriminator", \.lambdaDiscriminator, "lambdaDiscriminator"),
        ]
        for (field, keyPath, setting) in perPlayer {
            guard let value = fields[field] else { continue }
            settings[keyPath: keyPath] = try number(value, name(field))
            source[setting] = field
        }
        if let value = fields["solver"] {
            guard case .string(let text) = value, let kind = SolverKind(rawValue: text) else {
                throw GameInputError(field: name("solver"), reason: "must be \"pikl\" or \"extragradient\", found \(value.typeDescription)")
            }
            settings.solver = kind
        }
        if let value = fields["extragradient_step_size"] {
            settings.extragradientStepSize = try number(value, name("extragradient_step_size"))
        }
        if let value = fields["target_exploitability"] {
            if value == .null {
                settings.targetExploitability = nil
            } else {
                guard let x = value.number, x > 0, x.isFinite else {
                    throw GameInputError(field: name("target_exploitability"), reason: "must be a number above 0, or null, found \(value.typeDescription)")
                }
                settings.targetExploitability = x
            }
        }
        if let value = fields["iterations"] {
            settings.iterations = try integer(value, name("iterations"), range: 0...maximumIterations, expected: "an integer from 0 to \(maximumIterations)")
        }
        if let value = fields["exploitability_interval"] {
            settings.exploitabilityInterval = value == .null
                ? nil : try integer(value, name("exploitability_interval"), range: 1...maximumIterations, expected: "an integer from 1 to \(maximumIterations), or null")
        }
        if let value = fields["normalization"] {
            guard case .string(let text) = value, let normalization = InitialPolicyNormalization(name: text) else {
                throw GameInputError(field: name("normalization"), reason: "must be \"cross\" or \"plain\", found \(value.typeDescription)")
            }
            settings.normalization = normalization
        }
        if let value = fields["equilibrium_iterate"] {
            guard case .string(let text) = value, let iterate = EquilibriumIterate(rawValue: text) else {
                throw GameInputError(field: name("equilibrium_iterate"), reason: "must be \"last\" or \"average\", found \(value.typeDescription)")
            }
            settings.equilibriumIterate = iterate
        }
        do {
            try settings.validate()
        } catch let error as GameInputError {
            throw GameInputError(field: name(source[error.field] ?? fieldName(error.field)), reason: error.reason)
        }
        return settings
    }

    /// The wire name of a ``SolverSettings`` property (`etaGenerator` → `eta_generator`).
    package static func fieldName(_ property: String) -> String {
        property.reduce(into: "") { out, c in out += c.isUppercase ? "_" + c.lowercased() : String(c) }
    }

    /// A number within ``SolverSettings/parameterRange`` (η and λ).
    static func number(_ value: JSONValue, _ field: String) throws -> Double {
        guard let x = value.number else { throw GameInputError(field: field, reason: "must be a number, found \(value.typeDescription)") }
        guard SolverSettings.parameterRange.contains(x) else {
            throw GameInputError(field: field, reason: "is \(x); it must lie between 1e-100 and 1e100")
        }
        return x
    }

    /// An integer in `range`, written as one (`5000`) or as a number without a fraction (`5000.0`).
    static func integer(_ value: JSONValue, _ field: String, range: ClosedRange<Int>, expected: String) throws -> Int {
        guard let i = value.integer, range.contains(i) else {
            throw GameInputError(field: field, reason: "must be \(expected), found \(value.typeDescription)")
        }
        return i
    }
}
