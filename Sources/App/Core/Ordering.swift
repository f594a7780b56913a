import Foundation

extension Collection<UUID> {
    /// In a stable order for JSON; each id is turned into text once, not per comparison.
    func sortedByText() -> [UUID] {
        map { ($0.text, $0) }.sorted { $0.0 < $1.0 }.map(\.1)
    }
}
