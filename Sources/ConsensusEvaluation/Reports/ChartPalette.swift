import ConsensusGame

/// Colours of the charts: the Okabe–Ito palette, distinguishable with colour-blindness.
enum ChartPalette {
    static func color(_ m: RankingMethod) -> String {
        switch m {
        case .generative: "#0072B2"
        case .mutualInformation: "#56B4E9"
        case .initialPolicyProduct: "#F0E442"
        case .selfContrastive: "#009E73"
        case .discriminative: "#E69F00"
        case .equilibriumGenerator: "#D55E00"
        case .equilibriumDiscriminator: "#CC79A7"
        }
    }

    static let series = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442"]

    static func series(_ i: Int) -> String { series[i % series.count] }
}
