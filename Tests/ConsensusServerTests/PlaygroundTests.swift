import ConsensusServer
import Foundation
import NIOHTTP1
import Testing

/// `GET /`: the playground page (scripts/playground-test.sh drives it in a real browser).
@Suite(.serialized) struct PlaygroundTests {
    @Test func thePageIsServedWithoutTheKeyAndEveryAPICallStillNeedsIt() async throws {
        var settings = ServerSettings()
        settings.apiKey = "secret"
        try await ServerFixture.withServer(settings) { server in
            let page = try await ServerFixture.request(.GET, server.url + "/")
            #expect(page.status == 200)
            #expect(page.headers["Content-Type"].first == "text/html; charset=utf-8")
            #expect(page.text.hasPrefix("<!doctype html>"))
            #expect(page.text.contains("<form id=\"rank-form\"") && page.text.contains("fetch(\"/v1/rank\""))
            #expect(!page.text.contains("{{"), "the style and the script are written in")
            // Offline: the only URL in the page is the SVG namespace, which is a name, not a load.
            let urls = page.text.components(separatedBy: "://").count - 1
            #expect(urls == page.text.components(separatedBy: "http://www.w3.org/2000/svg").count - 1)
            #expect(page.headers["Content-Security-Policy"].first?.contains("connect-src 'self'") == true)

            let rank = try await ServerFixture.post(server.url + "/v1/rank", ["question": "q?", "candidates": ["a", "b"]])
            #expect(rank.status == 401)
            let models = try await ServerFixture.request(.GET, server.url + "/v1/models")
            #expect(models.status == 401)
            let post = try await ServerFixture.request(.POST, server.url + "/", body: Data("{}".utf8))
            #expect(post.status == 405)
            #expect(post.headers["Allow"].first == "GET")
        }
    }

    @Test func aQuestionThatCannotBeRankedNamesItsField() async throws {
        try await ServerFixture.withServer { server in
            let rank = server.url + "/v1/rank"
            let empty = try await ServerFixture.post(rank, ["question": "  ", "candidates": ["a", "b"]])
            #expect(empty.status == 400)
            #expect(empty.errorParam == "question")
            #expect(empty.errorMessage == "the question is empty")
            let one = try await ServerFixture.post(rank, ["question": "q?", "candidates": ["a"]])
            #expect(one.errorParam == "candidates")
            let blank = try await ServerFixture.post(rank, ["question": "q?", "candidates": ["a", "b", " "]])
            #expect(blank.errorParam == "candidates.2")
            #expect(blank.errorMessage == "candidate 3 is empty")
        }
    }

    /// The page asks for the exploitability every ⌈T / 200⌉ iterations: a thinned trajectory from
    /// π¹ to the last iterate.
    @Test func theRankAnswerCarriesTheThinnedTrajectoryThePageDraws() async throws {
        try await ServerFixture.withServer { server in
            let answer = try await ServerFixture.post(
                server.url + "/v1/rank",
                ["question": "Which planet is known as the Red Planet?", "candidates": ["Mars", "Venus"],
                 "options": ["iterations": 1000, "exploitability_interval": 5]])
            #expect(answer.status == 200, "\(answer.text)")
            let trajectory = try #require(answer.json["trajectory"] as? [[String: Any]])
            #expect(trajectory.count == 201)
            #expect(trajectory.first?["iteration"] as? Int == 0 && trajectory.last?["iteration"] as? Int == 1000)
            #expect(abs((trajectory.last?["exploitability"] as? Double ?? .nan) - (answer.json["exploitability"] as? Double ?? .nan)) < 1e-12)
        }
    }
}
