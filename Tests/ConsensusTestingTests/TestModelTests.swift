import ConsensusTesting
import Foundation
import Testing

@Suite("Test models")
struct TestModelTests {
    @Test func aMissingModelNamesItselfAndTheCommandsThatInstallIt() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("no-model-\(UUID()).gguf").path
        let error = #expect(throws: MissingTestModel.self) { try TestModel.small.file(at: path) }
        #expect(error?.description == "this test needs the model smollm2-135m, which is not installed (no file at \(path)); install it with "
            + "`bash scripts/setup.sh --test-model` (or `consensus models install smollm2-135m`) and run the tests again")
        let unknown = #expect(throws: MissingTestModel.self) { try TestModel(name: "gpt-17", setupCommand: "bash scripts/setup.sh").file(at: nil) }
        #expect(unknown?.description.contains("not in the model catalogue") == true)
    }

    @Test func anInstalledFileIsItsPath() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("model-\(UUID()).gguf").path
        #expect(FileManager.default.createFile(atPath: path, contents: Data("GGUF".utf8)))
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(try TestModel.small.file(at: path) == path)
    }
}
