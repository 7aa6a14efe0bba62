import ConsensusGame
import Foundation
import Testing

/// The solver choice and the target exploitability in the settings and solutions: defaults,
/// validation, and JSON (including JSON written before these fields existed).
@Suite("Solver settings: solver kind, step size, target")
struct SolverSettingsCodingTests {
    static func error(_ body: () throws -> Void) -> GameInputError? {
        do {
            try body()
            return nil
        } catch let error as GameInputError {
            return error
        } catch {
            return nil
        }
    }

    @Test("defaults: piKL, η = 10 for extragradient, no target")
    func defaults() {
        let s = SolverSettings()
        #expect(s.solver == .piKL && s.extragradientStepSize == 10 && s.targetExploitability == nil)
        #expect(SolverSettings.default == s)
    }

    @Test("the solver kinds' names are stable")
    func kindNames() throws {
        #expect(SolverKind.allCases.map(\.rawValue) == ["pikl", "extragradient"])
        #expect(SolverKind(rawValue: "extragradient") == .extragradient)
        #expect(try JSONDecoder().decode([SolverKind].self, from: Data(#"["pikl","extragradient"]"#.utf8)) == [.piKL, .extragradient])
        #expect(String(decoding: try JSONEncoder().encode(SolverKind.piKL), as: UTF8.self) == #""pikl""#)
    }

    @Test("invalid settings name the setting",
          arguments: [
              (SolverSettings(extragradientStepSize: 0), "extragradientStepSize", "is 0.0; it must lie between 1e-100 and 1e100"),
              (SolverSettings(extragradientStepSize: .infinity), "extragradientStepSize", "is inf; it must lie between 1e-100 and 1e100"),
              (SolverSettings(targetExploitability: -1e-9), "targetExploitability", "is -1e-09; it must be a finite number, 0 or more"),
              (SolverSettings(targetExploitability: .nan), "targetExploitability", "is nan; it must be a finite number, 0 or more"),
              (SolverSettings(targetExploitability: .infinity), "targetExploitability", "is inf; it must be a finite number, 0 or more"),
          ])
    func invalid(_ settings: SolverSettings, field: String, reason: String) {
        let e = Self.error { try settings.validate() }
        #expect(e?.field == field)
        #expect(e?.reason == reason)
        #expect(Self.error { _ = try EquilibriumSolver(validating: settings) }?.field == field)
        #expect(Self.error { _ = try EquilibriumSolver(validating: settings) }?.field == field)
    }

    @Test("a target of 0 is valid")
    func zeroTarget() throws {
        try SolverSettings(solver: .extragradient, targetExploitability: 0).validate()
    }

    @Test("JSON round trip")
    func roundTrip() throws {
        let settings = SolverSettings(lambdaGenerator: 0.3, iterations: 900, solver: .extragradient,
                                      extragradientStepSize: 4, targetExploitability: 1e-7)
        let data = try JSONEncoder().encode(settings)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(object["solver"] as? String == "extragradient")
        #expect(object["extragradientStepSize"] as? Double == 4)
        #expect(object["targetExploitability"] as? Double == 1e-7)
        #expect(try JSONDecoder().decode(SolverSettings.self, from: data) == settings)
        // No target: the key is left out, and read back as nil.
        let plain = try JSONEncoder().encode(SolverSettings())
        #expect(String(decoding: plain, as: UTF8.self).contains("targetExploitability") == false)
        #expect(try JSONDecoder().decode(SolverSettings.self, from: plain) == SolverSettings())
    }

    @Test("settings written before the solver choice existed decode with the defaults")
    func oldSettings() throws {
        // The "solvers" entry of docs/results/smollm2-135m/svamp/results.json.
        let json = #"""
            {"equilibriumIterate": "last", "etaDiscriminator": 0.1, "etaGenerator": 0.1, "exploitabilityInterval": 100,
             "iterations": 5000, "lambdaDiscriminator": 0.1, "lambdaGenerator": 0.1, "normalization": "crossNormalized"}
            """#
        let settings = try JSONDecoder().decode(SolverSettings.self, from: Data(json.utf8))
        #expect(settings == SolverSettings(exploitabilityInterval: 100))
        #expect(settings.solver == .piKL && settings.targetExploitability == nil)
    }

    @Test("an unknown solver name is a decoding error")
    func unknownSolver() {
        let json = #"{"solver": "pkl", "equilibriumIterate": "last", "etaDiscriminator": 0.1, "etaGenerator": 0.1, "iterations": 5, "lambdaDiscriminator": 0.1, "lambdaGenerator": 0.1, "normalization": "plain"}"#
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(SolverSettings.self, from: Data(json.utf8)) }
    }

    @Test("a solution records the solver, the iterations used and convergence, and survives JSON")
    func solutionCoding() throws {
        let problem = InvariantTests.problems(1, candidates: [3], seed: 7)[0]
        let solution = EquilibriumSolver(settings: SolverSettings(iterations: 500, solver: .extragradient, targetExploitability: 1e-8)).solve(problem)
        #expect(solution.solver == .extragradient && solution.converged == true && solution.iterationsUsed < 500)
        let data = try JSONEncoder().encode(solution)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(object["iterationsUsed"] as? Int == solution.iterationsUsed)
        #expect(object["converged"] as? Bool == true)
        #expect(try JSONDecoder().decode(Solution.self, from: data) == solution)
        // A solution encoded before `iterationsUsed` and `converged` existed.
        let old = EquilibriumSolver(settings: SolverSettings(iterations: 40)).solve(problem)
        var dictionary = try #require(try JSONSerialization.jsonObject(with: try JSONEncoder().encode(old)) as? [String: Any])
        dictionary["iterationsUsed"] = nil
        dictionary["converged"] = nil
        let decoded = try JSONDecoder().decode(Solution.self, from: try JSONSerialization.data(withJSONObject: dictionary))
        #expect(decoded == old && decoded.iterationsUsed == 40 && decoded.converged == nil)
    }
}
