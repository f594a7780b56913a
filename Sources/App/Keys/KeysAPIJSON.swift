import Foundation

/// The cabinet's API values write their own JSON (see `JSONOut`): the key
/// list and the ledger are the busiest responses. Field names are the
/// properties' names, as their `Encodable` conformance writes them
/// (`JSONOutTests` checks the two agree).
extension KeysAPI.UnitRef: JSONWritable {
    func write(to json: inout JSONOut) {
        json.object { $0.field("id", id); $0.field("label", label) }
    }
}

extension KeysAPI.HolderDTO: JSONWritable {
    func write(to json: inout JSONOut) {
        json.object {
            $0.field("checkoutID", checkoutID); $0.field("name", name); $0.field("isOutsider", isOutsider)
            $0.field("since", since); $0.field("expectedReturnAt", expectedReturnAt); $0.field("overdue", overdue)
        }
    }
}

extension KeysAPI.KeyDTO: JSONWritable {
    func write(to json: inout JSONOut) {
        json.object {
            $0.field("id", id); $0.field("propertyID", propertyID); $0.field("tag", tag); $0.field("hook", hook)
            $0.field("kind", kind); $0.field("status", status); $0.field("lockNo", lockNo); $0.field("unit", unit); $0.field("holder", holder)
        }
    }
}

extension KeysAPI.CheckoutDTO: JSONWritable {
    func write(to json: inout JSONOut) {
        json.object {
            $0.field("id", id); $0.field("propertyID", propertyID); $0.field("keyID", keyID); $0.field("keyTag", keyTag)
            $0.field("borrowerStaffID", borrowerStaffID); $0.field("borrowerName", borrowerName); $0.field("borrowerCompany", borrowerCompany)
            $0.field("borrowerPhone", borrowerPhone); $0.field("borrowerIDNumber", borrowerIDNumber)
            $0.field("purpose", purpose); $0.field("issuedByID", issuedByID); $0.field("issuedAt", issuedAt); $0.field("expectedReturnAt", expectedReturnAt)
            $0.field("returnedAt", returnedAt); $0.field("receivedByID", receivedByID); $0.field("outcome", outcome); $0.field("returnNote", returnNote)
            $0.field("confirmedAt", confirmedAt); $0.field("confirmation", confirmation); $0.field("open", open); $0.field("overdue", overdue)
        }
    }
}

extension KeysAPI.LockChangeDTO: JSONWritable {
    func write(to json: inout JSONOut) {
        json.object {
            $0.field("id", id); $0.field("propertyID", propertyID); $0.field("unitID", unitID); $0.field("lostKeyID", lostKeyID)
            $0.field("reportedByID", reportedByID); $0.field("reportedAt", reportedAt); $0.field("note", note); $0.field("oldLockNo", oldLockNo)
            $0.field("completedAt", completedAt); $0.field("completedByID", completedByID)
        }
    }
}

extension KeysAPI.SpareReleaseDTO: JSONWritable {
    func write(to json: inout JSONOut) {
        json.object {
            $0.field("id", id); $0.field("propertyID", propertyID); $0.field("keyID", keyID); $0.field("requestedByID", requestedByID)
            $0.field("reason", reason); $0.field("requestedAt", requestedAt); $0.field("confirmedByID", confirmedByID)
            $0.field("confirmedAt", confirmedAt); $0.field("usedByCheckoutID", usedByCheckoutID)
        }
    }
}

extension KeysAPI.KeyDetailDTO: JSONWritable {
    func write(to json: inout JSONOut) {
        json.object { $0.field("key", key); $0.field("checkouts", checkouts); $0.field("history", history) }
    }
}

extension AuditEventDTO: JSONWritable {
    func write(to json: inout JSONOut) {
        json.object {
            $0.field("seq", seq); $0.field("occurredAt", occurredAt); $0.field("actorID", actorID); $0.field("actorName", actorName)
            $0.field("action", action); $0.field("recordType", recordType); $0.field("recordID", recordID)
            $0.field("before", before); $0.field("after", after); $0.field("hash", hash)
        }
    }
}
