@testable import App
import Fluent
import Testing

/// Every model lists its fields for Fluent (so Fluent does not reflect on
/// the model at every query); a field left off the list would silently go
/// unsaved and unread, so the list must be exactly what reflection finds.
@Suite("Model field lists")
struct ModelFieldsTests {
    static let models: [any Model.Type] = [
        Company.self, Property.self, Building.self, Unit.self, Department.self, Post.self, Staff.self, StaffProperty.self,
        APIToken.self, SignInFailure.self, AuditEvent.self, AuditHead.self, StaffNotification.self,
        RoomKey.self, KeyCheckout.self, SpareKeyRelease.self, LockChange.self,
        Customer.self, CustomerUnit.self, CustomerDocument.self, CustomerImport.self, CustomerNotice.self, NoticeDelivery.self, Attachment.self,
        PublicSpace.self, SpaceUse.self, SpaceViolation.self,
        ServiceItem.self, ServiceItemNote.self, DeskHandover.self, DeskHandoverItem.self, ShiftSettings.self, ComplaintReview.self,
        HandoverTemplate.self, HandoverSheet.self, HandoverEntry.self,
        ShowHouse.self, ShowHouseInventory.self, ShowHouseCount.self, ShowHouseFinding.self, VisitorBatch.self, VisitorRefusal.self, GuestFeedback.self, ShowHouseDay.self,
        KeySet.self, KeySetEvent.self, ShowHouseSummary.self, LobbySupply.self, SupplyMovement.self, ConstructionHandover.self,
        Duty.self, DutyMiss.self, SupervisionChecklist.self, Inspection.self, PatrolRound.self, RectificationNotice.self, AlertChannel.self, AlertDelivery.self, OperationsRecord.self,
        Contractor.self, ContractorAccount.self, SiteAccessSettings.self, WorkLiaisonForm.self, WorkFormWorker.self, SiteEntry.self, WorkSiteCheck.self,
        ContractorIncident.self, EmergencyEntry.self, AfterHoursPass.self,
    ]

    @Test("Each model's listed fields are exactly the fields it declares", arguments: models.map { ModelType($0) })
    func listedFieldsMatchReflection(model: ModelType) {
        let instance = model.type.init()
        let listed = instance.properties.map { ObjectIdentifier($0 as AnyObject) }
        let declared = Mirror(reflecting: instance).children.compactMap { $0.value as? any AnyProperty }.map { ObjectIdentifier($0 as AnyObject) }
        #expect(listed.count == Set(listed).count, "\(model): a field is listed twice")
        #expect(Set(listed) == Set(declared), "\(model): listed \(listed.count) fields, declares \(declared.count)")
    }

    struct ModelType: CustomStringConvertible, Sendable {
        let type: any Model.Type
        init(_ type: any Model.Type) { self.type = type }
        var description: String { String(describing: type) }
    }
}
