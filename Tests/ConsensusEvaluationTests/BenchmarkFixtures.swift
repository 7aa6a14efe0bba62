import Foundation

/// Small benchmark files written for these tests, in the schema of SOURCES.md.
enum BenchmarkFixtures {
    static let mmlu = """
        {"id": "mmlu_astronomy_0", "subject": "astronomy", "question": "What is the closest star to Earth?", "choices": ["Proxima Centauri", "The Sun", "Sirius", "Vega"], "answer": 1}
        {"id": "mmlu_astronomy_1", "subject": "astronomy", "question": "Which planet has the most moons?", "choices": ["Earth", "Mars", "Saturn", "Venus"], "answer": 2}
        {"id": "mmlu_virology_0", "subject": "virology", "question": "What does a virus need to replicate?", "choices": ["A host cell", "Sunlight", "Soil", "Nothing"], "answer": 0}
        {"id": "mmlu_law_0", "subject": "international_law", "question": "Which body settles disputes between states?", "choices": ["The ICJ", "A city council", "A school board", "A jury"], "answer": 0}

        """

    static let race = """
        {"id": "race_high_1", "context": "Tom planted a tree in spring.\\nBy autumn it was taller than him.", "question": "When did Tom plant the tree?", "choices": ["In winter", "In spring", "In autumn", "In summer"], "answer": 1}
        {"id": "race_high_2", "context": "The shop opens at nine and closes at five.", "question": "When does the shop close?", "choices": ["At nine", "At noon", "At five", "At midnight"], "answer": 2}
        """

    static let mc2 = """
        {"id": "tqa_000", "question": "What happens if you crack your knuckles a lot?", "choices": ["Nothing in particular happens.", "It does not cause arthritis.", "You will get arthritis."], "answers": [1, 0]}
        {"id": "tqa_001", "question": "Is the Earth flat?", "choices": ["No, it is roughly a sphere.", "Yes."], "answers": [0]}
        """
}
