import Vapor

extension Application {
    private struct SharedKey<Value: Sendable>: StorageKey {}

    /// One instance of `Value` for the application — a cache or a hint every
    /// request shares — made on first use. `configure` touches each one before
    /// the server starts, so no two threads race to make it.
    func shared<Value: AnyObject & Sendable>(_ make: () -> Value) -> Value {
        if let value = storage[SharedKey<Value>.self] { return value }
        let value = make()
        storage[SharedKey<Value>.self] = value
        return value
    }

    var assignmentCache: AssignmentCache { shared(AssignmentCache.init) }
    var propertyDirectory: PropertyDirectory { shared(PropertyDirectory.init) }
    var auditHeadHint: AuditHeadHint { shared(AuditHeadHint.init) }
}
