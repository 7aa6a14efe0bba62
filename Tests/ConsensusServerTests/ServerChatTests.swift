import ConsensusServer
import Foundation
import Testing

/// `/v1/rank` with `apply_chat_template`: the small model's ChatML template in-process, and a
/// clear error from a server whose engine has no chat template.
@Suite(.serialized) struct ServerChatTests {
    static var question: [String: Any] { ["question": "Which planet is known as the Red Planet?", "candidates": ["Mars", "Venus"]] }

    @Test func chatFormattingIsAnOptionOfRank() async throws {
        try await ServerFixture.withServer { server in
            let rank = server.url + "/v1/rank"
            var body = Self.question
            let plain = try await ServerFixture.post(rank, body)
            body["options"] = ["apply_chat_template": true, "system_instruction": "Answer in one word."]
            let chat = try await ServerFixture.post(rank, body)
            #expect(plain.status == 200 && chat.status == 200)
            #expect((plain.json["formatting"] as? [String: Any])?["kind"] as? String == "plain")
            let formatting = try #require(chat.json["formatting"] as? [String: Any])
            #expect(formatting["kind"] as? String == "chat")
            #expect(formatting["system_instruction"] as? String == "Answer in one word.")
            #expect((formatting["chat_template_hash"] as? String)?.count == 64)
            let scores = { (answer: ServerFixture.Answer) in
                ((answer.json["lm_scores"] as? [String: Any])?["generator"] as? [String: Any])?["correct"] as? [Double]
            }
            #expect(scores(plain) != nil && scores(plain) != scores(chat))

            body["options"] = ["system_instruction": "Answer in one word."]
            let alone = try await ServerFixture.post(rank, body)
            #expect(alone.status == 400 && alone.errorParam == "options.system_instruction")
        }
    }

    @Test func anEngineWithoutAChatTemplateIsA400NamingTheOption() async throws {
        try await ServerFixture.withServer(try ServerLimitsTests.server(ServerSettings(), delay: .zero)) { server in
            var body = Self.question
            body["options"] = ["apply_chat_template": true]
            let answer = try await ServerFixture.post(server.url + "/v1/rank", body)
            #expect(answer.status == 400)
            #expect(answer.errorParam == "options.apply_chat_template")
            #expect(answer.errorMessage?.contains("cannot apply one") == true)
        }
    }
}
