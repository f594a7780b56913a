import Foundation

/// Excel stores a date as a number of days; its cell style says it is one.
extension XLSX {
    /// How a cell style shows a date serial number.
    enum DateDisplay: Sendable {
        case date, dateAndTime, time
    }

    /// For each cell style (the `<xf>`s of `<cellXfs>`, in order), how a date in it shows; nil for non-date styles.
    static func readDateStyles(_ xml: [UInt8]) throws -> [DateDisplay?] {
        var scanner = XMLScanner(xml)
        var customFormats: [Int: String] = [:], formatIDs: [Int] = []
        var inCellStyles = false
        while let event = try scanner.next() {
            switch event {
            case .start(let element):
                if scanner.isName(element.name, "numFmt"), let id = scanner.attributeText("numFmtId", of: element).flatMap({ Int($0) }),
                   let code = scanner.attributeText("formatCode", of: element) {
                    customFormats[id] = code
                } else if scanner.isName(element.name, "cellXfs") {
                    inCellStyles = true
                } else if inCellStyles, scanner.isName(element.name, "xf") {
                    formatIDs.append(scanner.attributeText("numFmtId", of: element).flatMap { Int($0) } ?? 0)
                }
            case .end(let name):
                if scanner.isName(name, "cellXfs") { inCellStyles = false }
            case .characters:
                continue
            }
        }
        return formatIDs.map { id in customFormats[id].map(dateDisplay(ofFormat:)) ?? builtInDateDisplay(id) }
    }

    /// Excel's built-in date and time formats (ECMA-376 18.8.30, with the
    /// East Asian ones: 27–36 and 50–58 are 年月日 / 时分 forms).
    static func builtInDateDisplay(_ id: Int) -> DateDisplay? {
        switch id {
        case 14...17, 27...31, 36, 50...54, 57, 58: .date
        case 22: .dateAndTime
        case 18...21, 32...35, 45...47, 55, 56: .time
        default: nil
        }
    }

    /// A custom format's kind, by its letters outside quoted text, escaped
    /// characters (`\x`, `_x`, `*x`) and `[...]` sections (colours, locales):
    /// y, d, or m without h or s is a date; h or s a time. Elapsed time
    /// (`[h]:mm`) is a duration, not a date.
    static func dateDisplay(ofFormat code: String) -> DateDisplay? {
        var letters = Set<Character>()
        var characters = code.lowercased().makeIterator()
        while let character = characters.next() {
            switch character {
            case "\"": while let quoted = characters.next(), quoted != "\"" {}
            case "\\", "_", "*": _ = characters.next()
            case "[":
                var section = ""
                while let inside = characters.next(), inside != "]" { section.append(inside) }
                if !section.isEmpty, section.allSatisfy({ "hms".contains($0) }) { return nil }
            default: letters.insert(character)
            }
        }
        let hasTime = letters.contains("h") || letters.contains("s")
        let hasDate = letters.contains("y") || letters.contains("d") || (letters.contains("m") && !hasTime)
        switch (hasDate, hasTime) {
        case (true, true): return .dateAndTime
        case (true, false): return .date
        case (false, true): return .time
        case (false, false): return nil
        }
    }

    /// A date serial number as text: "YYYY-MM-DD", with " HH:MM" for a
    /// date-and-time format when the time is not midnight, or "HH:MM" alone
    /// for a time format. Serials count days from 1900-01-01 = 1, with
    /// Excel's 1900-02-29 (serial 60, which did not exist: nil) after which
    /// they are one ahead; or, in the 1904 system, from 1904-01-01 = 0.
    /// Nil for what no date shows (negative, before 1900, after 9999).
    static func dateText(serial: Double, _ display: DateDisplay, date1904: Bool) -> String? {
        guard serial.isFinite, serial >= 0, serial < 2_958_466 else { return nil }
        var day = Int(serial.rounded(.down))
        var second = Int(((serial - Double(day)) * 86_400).rounded())
        if second == 86_400 {
            day += 1
            second = 0
        }
        let time = twoDigits(second / 3600) + ":" + twoDigits(second / 60 % 60)
        if display == .time { return time }
        let daysSince1970: Int
        if date1904 {
            daysSince1970 = day - 24_107
        } else {
            guard day >= 1, day != 60 else { return nil }
            daysSince1970 = day < 60 ? day - 25_568 : day - 25_569
        }
        let (year, month, dayOfMonth) = LocalTime.civilDate(daysSince1970: daysSince1970)
        guard year <= 9999 else { return nil }
        let date = String(year) + "-" + twoDigits(month) + "-" + twoDigits(dayOfMonth)
        return display == .dateAndTime && second >= 60 ? date + " " + time : date
    }

    private static func twoDigits(_ value: Int) -> String {
        value < 10 ? "0" + String(value) : String(value)
    }
}
