/// Figures as answers print them: areas and distances to the metre (3 decimals), rates to 4, coordinates to 6.
public enum Rounded {
    public static func value(_ value: Double, _ decimals: Int = 3) -> Double {
        let scale = (0..<decimals).reduce(1.0) { v, _ in v * 10 }
        return (value * scale).rounded() / scale
    }

    public static func value(_ value: Double?, _ decimals: Int = 3) -> Double? { value.map { Self.value($0, decimals) } }
}
