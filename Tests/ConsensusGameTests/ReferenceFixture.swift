import ConsensusGame
import Foundation
import Testing

/// Tests/ConsensusGameTests/Fixtures/reference.json, written by scripts/reference/reference_solver.py (an
/// independent numpy implementation of the spec), and Fixtures/extragradient_reference.json, written by
/// scripts/reference/reference_extragradient.py (the extragradient solver and the target exploitability,
/// both solvers). -inf is stored as the string "-inf".
struct ReferenceFixture: Decodable {
    struct Settings: Decodable {
        var eta_generator, eta_discriminator, lambda_generator, lambda_discriminator: Double
        var iterations: Int
        var normalization: InitialPolicyNormalization
        var equilibrium_iterate: EquilibriumIterate
        // Only in extragradient_reference.json.
        var solver: SolverKind?
        var extragradient_step_size: Double?
        var target_exploitability: Double?

        var solverSettings: SolverSettings {
            SolverSettings(
                etaGenerator: eta_generator, etaDiscriminator: eta_discriminator,
                lambdaGenerator: lambda_generator, lambdaDiscriminator: lambda_discriminator,
                iterations: iterations, normalization: normalization, equilibriumIterate: equilibrium_iterate,
                solver: solver ?? .piKL,
                extragradientStepSize: extragradient_step_size ?? SolverSettings.defaultExtragradientStepSize,
                targetExploitability: target_exploitability)
        }
    }

    struct Expected: Decodable {
        var initial, last, average: PolicyPair
        var exploitability, initial_exploitability, average_exploitability: Double
        var scores: [String: [Double]]
        var rankings: [String: [Int]]
        // Only in extragradient_reference.json.
        var iterations_used: Int?
        var converged: Bool?
    }

    struct Case: Decodable, CustomTestStringConvertible {
        var name: String
        var settings: Settings
        var problem: ConsensusProblem
        var expected: Expected
        var testDescription: String { name }
    }

    var cases: [Case]

    /// Fixtures/reference.json: piKL.
    static let shared = load("reference")

    /// Fixtures/extragradient_reference.json: the extragradient solver, and the target exploitability.
    static let extragradient = load("extragradient_reference")

    static func load(_ name: String) -> ReferenceFixture {
        guard let url = Bundle.module.url(forResource: name, withExtension: "json", subdirectory: "Fixtures") else {
            fatalError("Fixtures/\(name).json is missing from the test bundle")
        }
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        do {
            return try decoder.decode(ReferenceFixture.self, from: Data(contentsOf: url))
        } catch {
            fatalError("cannot read Fixtures/\(name).json: \(error)")
        }
    }
}
