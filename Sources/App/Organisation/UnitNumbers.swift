/// How people type unit numbers into one box: "0101 0102、0103，0104",
/// ranges "0101-0110", and floors × flats "1-10×01-02" (floors 1 to 10,
/// flats 01 and 02 on each: 0101, 0102, … 1002). Pure: text in, numbers out.
enum UnitNumbers {
    static let separators: Set<Character> = [" ", ",", "，", "、", ";", "；", "\n", "\r", "\t", "\u{3000}"]
    static let most = 500

    static func parse(_ text: String) throws -> [String] {
        var numbers: [String] = []
        for part in text.split(whereSeparator: { separators.contains($0) }).map(String.init) {
            numbers += try expand(part)
            guard numbers.count <= most else {
                throw WuyeError.invalid("numbers", Text("一次最多 \(most) 个房号", "At most \(most) units at once"), rule: "ORG-1")
            }
        }
        return numbers
    }

    private static func expand(_ part: String) throws -> [String] {
        let grid = part.split(whereSeparator: { $0 == "×" || $0 == "x" || $0 == "X" || $0 == "*" }).map(String.init)
        if grid.count == 2 {
            let floors = try range(grid[0], whole: part), flats = try range(grid[1], whole: part)
            let floorWidth = max(2, floors.last.map { String($0.value).count } ?? 2)
            return floors.flatMap { floor in flats.map { flat in pad(floor.value, floorWidth) + pad(flat.value, max(2, flat.text.count)) } }
        }
        return try range(part, whole: part).map(\.text)
    }

    /// "0101-0110" → 0101 … 0110, keeping the width; "A12" or "B-1" stays as it is.
    private static func range(_ text: String, whole: String) throws -> [(value: Int, text: String)] {
        let ends = text.split(separator: "-", omittingEmptySubsequences: false).map(String.init)
        let digits = { (part: String) in !part.isEmpty && part.count <= 6 && part.allSatisfy { $0.isASCII && $0.isNumber } }
        guard ends.count == 2, digits(ends[0]), digits(ends[1]), let low = Int(ends[0]), let high = Int(ends[1]) else {
            return [(Int(text) ?? 0, text)]
        }
        guard low <= high, high - low < most else {
            throw WuyeError.invalid("numbers", Text("“\(whole)”的范围不对", "The range “\(whole)” is not right"), rule: "ORG-1")
        }
        let width = max(ends[0].count, ends[1].count)
        return (low...high).map { ($0, pad($0, width)) }
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
