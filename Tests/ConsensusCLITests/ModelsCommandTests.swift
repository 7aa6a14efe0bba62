import ConsensusLlama
import Foundation
import Testing

/// `consensus models` and named models: listing, and damaged files refused with a clear error
/// that names the file, deleting nothing.
@Suite("consensus models", .serialized)
struct ModelsCommandTests {
    @Test func listsTheThreeNamedModels() throws {
        // Set-up installs the default and the small model (counted below).
        try ConsensusBinary.installedModel()
        try ConsensusBinary.installedModel(defaultModel: true)
        let r = try ConsensusBinary.run(["models"])
        #expect(r.status == 0, "\(r.stderr)")
        for name in ["smollm2-135m", "qwen2.5-coder-0.5b", "qwen2.5-coder-1.5b"] {
            #expect(r.stdout.contains(name), "\(name) missing from:\n\(r.stdout)")
        }
        let defaultLine = try #require(r.stdout.split(separator: "\n").first { $0.contains("(default)") })
        #expect(defaultLine.hasPrefix("qwen2.5-coder-1.5b"))
        #expect(r.stdout.contains("Apache-2.0"))
        // Set-up installs the default and the small model.
        #expect(r.stdout.components(separatedBy: "installed at").count - 1 >= 2, "\(r.stdout)")
    }

    /// A cache folder holding `bytes` of the small model under its installed name.
    static func cache(holding bytes: Data) throws -> (root: URL, file: URL) {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("consensus-models-\(UUID())")
        let entry = try #require(ModelCatalog.shipped.entry(named: "smollm2-135m"))
        let file = URL(fileURLWithPath: ModelStore(cacheDirectory: root.path).path(of: entry))
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try bytes.write(to: file)
        return (root, file)
    }

    @Test(arguments: ["truncated", "corrupted"])
    func aDamagedModelIsAClearErrorAndIsKept(damage: String) throws {
        let original = try Data(contentsOf: URL(fileURLWithPath: try ConsensusBinary.installedModel()))
        var bytes = damage == "truncated" ? original.prefix(10_000_000) : original
        if damage == "corrupted" { bytes[5_000_000] ^= 0xff }
        let (root, file) = try Self.cache(holding: bytes)
        defer { try? FileManager.default.removeItem(at: root) }
        let r = try ConsensusBinary.run(
            ["rank", "--model", "smollm2-135m", "--question", "Q?", "--choice", "a", "--choice", "b"],
            environment: ["CONSENSUS_CACHE": root.path])
        #expect(r.status != 0)
        #expect(r.stderr.contains(file.path), "\(r.stderr)")
        #expect(r.stderr.contains(damage == "truncated" ? "10000000 bytes" : "SHA-256"), "\(r.stderr)")
        #expect(r.stderr.contains("consensus models install smollm2-135m"), "\(r.stderr)")
        #expect(try Data(contentsOf: file) == bytes, "the damaged file must be left as it was")
        let list = try ConsensusBinary.run(["models"], environment: ["CONSENSUS_CACHE": root.path])
        #expect(list.stdout.contains("DAMAGED"), "\(list.stdout)")
    }

    @Test func anUnknownNameIsRefused() throws {
        let r = try ConsensusBinary.run(["models", "install", "gpt-17"])
        #expect(r.status != 0)
        #expect(r.stderr.contains("no model named 'gpt-17'") && r.stderr.contains("qwen2.5-coder-1.5b"), "\(r.stderr)")
    }

    @Test func pathPrintsAnInstalledModelAndRefusesAMissingOne() throws {
        try ConsensusBinary.installedModel()
        let r = try ConsensusBinary.run(["models", "path", "smollm2-135m"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == ModelStore().path(named: "smollm2-135m"))
        let (root, _) = try Self.cache(holding: Data())
        defer { try? FileManager.default.removeItem(at: root) }
        let missing = try ConsensusBinary.run(["models", "path", "qwen2.5-coder-0.5b"], environment: ["CONSENSUS_CACHE": root.path])
        #expect(missing.status != 0 && missing.stdout.isEmpty)
        #expect(missing.stderr.contains("qwen2.5-coder-0.5b is not installed"), "\(missing.stderr)")
    }
}
