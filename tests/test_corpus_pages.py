"""Real Graph docs pages read as the pages say it (issue 13, item 2).

Each page in tests/data/corpus-pages is a verbatim copy of a page of ../shared/graph/docs-corpus
(microsoft-graph-docs @ db3ad729, July 2021), at the same path; INDEX.md there says why each
was picked. A test that changes a page does so in a copy, as a user's edit would.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import ROOT

from odatagen.ir import Diagnostic, PageFragment, TypeRef
from odatagen.merge import merge
from odatagen.pipeline import read_sources
from odatagen.readers import read_docs_page

PAGES = ROOT / "tests" / "data" / "corpus-pages"
OPERATIONS_CSDL = PAGES / "graph-beta-2021-07-13-operations.xml"


def page(name: str) -> PageFragment:
    return read_docs_page(PAGES / name, name)


def errors(fragment: PageFragment) -> list[str]:
    return [d.message for d in fragment.diagnostics if d.severity == "error"]


def warnings(diagnostics: tuple[Diagnostic, ...] | list[Diagnostic]) -> list[str]:
    return [f"{d.loc.line}: {d.message}" for d in diagnostics if d.severity == "warning"]


def copy_with(tmp_path: Path, name: str, old: str, new: str) -> Path:
    text = (PAGES / name).read_text()
    assert old in text
    path = tmp_path / Path(name).name
    path.write_text(text.replace(old, new, 1))
    return path


# -- a Properties section that says there are none -----------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "beta/resources/iprange.md",  # "None."
        "beta/resources/command.md",  # "None", and "None" under Relationships
        "beta/resources/accessaction.md",  # "This resource type has no properties."
        "beta/resources/intune-apps-win32lobappdetection.md",  # a header-only table
        "beta/resources/cloudpcmanagementassignmenttarget.md",  # "Not applicable."
    ],
)
def test_a_type_with_no_properties_of_its_own_is_no_error(name: str) -> None:
    fragment = page(name)
    assert fragment.page_kind == "resource" and fragment.entity
    assert (fragment.properties, fragment.navigation_properties) == ((), ())
    assert fragment.diagnostics == ()


def test_properties_said_in_prose_are_a_warning_not_an_error() -> None:
    """plannerAssignments is an open type: its Properties section explains, with no table."""
    fragment = page("beta/resources/plannerassignments.md")
    assert fragment.properties == () and errors(fragment) == []
    assert warnings(fragment.diagnostics) == [
        "21: the Properties section has no property table; the type is read with no properties of its own"
    ]


def test_a_page_marked_as_the_other_kind_is_read_as_what_it_is() -> None:
    resource = page("beta/resources/activateservice.md")  # doc_type apiPageType, no HTTP request
    assert resource.page_kind == "resource" and [p.name for p in resource.properties] == ["service", "servicePlanId", "skuId"]
    api = page("beta/api/ediscovery-case-list-operations.md")  # doc_type resourcePageType
    assert api.page_kind == "api" and api.operation is not None and api.operation.kind == "list"
    assert api.diagnostics == ()


# -- every property table of the Properties and Relationships sections ---------------------------


def test_every_property_table_of_the_properties_section_is_read() -> None:
    """tiIndicator's observables are three more tables under subheadings of Properties."""
    fragment = page("beta/resources/tiindicator.md")
    names = [p.name for p in fragment.properties]
    assert len(names) == 59 and len(set(names)) == 59
    assert names[:2] == ["action", "activityGroupNames"]
    assert {"emailSenderAddress", "fileHashType", "networkDestinationIPv4", "domainName"} <= set(names)
    by_name = {p.name: p for p in fragment.properties}
    assert by_name["emailSenderAddress"].loc.line == 101


def test_relationship_name_tables_all_read_once() -> None:
    """sharedDriveItem: two `Relationship name` tables; the second repeats driveItem."""
    fragment = page("beta/resources/shareddriveitem.md")
    assert [p.name for p in fragment.navigation_properties] == [
        "driveItem", "list", "listItem", "permission", "site", "items",
    ]
    items = fragment.navigation_properties[-1]
    assert items.type == TypeRef("microsoft.graph.driveItem", collection=True)
    assert fragment.diagnostics == ()


def test_a_property_listed_again_with_another_type_is_a_warning(tmp_path: Path) -> None:
    edited = copy_with(
        tmp_path, "beta/resources/shareddriveitem.md",
        "| **driveItem**     | [**driveItem**][driveItem]            |",
        "| **driveItem**     | [**site**][site]            |",
    )
    fragment = read_docs_page(edited, "shareddriveitem.md")
    assert fragment.navigation_properties[0].type.name == "microsoft.graph.driveItem"
    assert warnings(fragment.diagnostics) == ["71: driveItem is listed again with another type; the first, at line 60, is kept"]


def test_a_table_of_the_properties_of_something_else_is_skipped_with_a_warning() -> None:
    """homeRealmDiscoveryPolicy's "Properties of a ... policy definition": the JSON in `definition`."""
    fragment = page("beta/resources/homerealmdiscoverypolicy.md")
    assert [p.name for p in fragment.properties] == ["id", "definition", "description", "displayName", "isOrganizationDefault"]
    assert warnings(fragment.diagnostics) == [
        "60: table 'Property | Type | Description' lists the properties of a home realm discovery policy "
        "definition, not the type's own; skipped"
    ]


def test_a_properties_subheading_before_any_section() -> None:
    """settingTemplateValue has `### Properties` and no `##` heading at all."""
    fragment = page("v1.0/resources/settingtemplatevalue.md")
    assert [p.name for p in fragment.properties] == ["defaultValue", "description", "name", "type"]


def test_a_two_column_property_and_description_table_is_no_property_table(tmp_path: Path) -> None:
    """The shape of users.md's "Common properties": no Type column, so the description is not a type."""
    edited = copy_with(
        tmp_path, "beta/resources/emailactivitysummary.md", "| Property          | Type   |", "| Property          | Description |"
    )
    fragment = read_docs_page(edited, "emailactivitysummary.md")
    assert fragment.properties == () and errors(fragment) == []
    assert warnings(fragment.diagnostics)[0] == (
        "16: table 'Property | Description' in section 'properties' has no Type column; skipped"
    )
    untouched = page("beta/resources/emailactivitysummary.md")  # `Property | Type`, no description
    assert [(p.name, p.type.name) for p in untouched.properties][:2] == [
        ("reportRefreshDate", "Edm.Date"), ("send", "Edm.Int64"),
    ]


# -- type cells ------------------------------------------------------------------------------------


def test_linked_collections_and_collection_of() -> None:
    policy = {p.name: p.type for p in page("beta/resources/adminconsentrequestpolicy.md").properties}
    assert policy["reviewers"] == TypeRef("microsoft.graph.accessReviewReviewerScope", collection=True)
    site = {p.name: p.type for p in page("beta/resources/site.md").navigation_properties}
    assert site["columns"] == TypeRef("microsoft.graph.columnDefinition", collection=True)  # Collection([x][])
    assert site["drive"] == TypeRef("microsoft.graph.drive")
    assert site["analytics"] == TypeRef("microsoft.graph.itemAnalytics")  # "[itemAnalytics][] resource"


def test_collection_of_x() -> None:
    props = {p.name: p.type for p in page("v1.0/resources/permission.md").properties}
    assert props["roles"] == TypeRef("Edm.String", collection=True)


def test_a_note_after_the_type_is_not_part_of_it() -> None:
    props = {p.name: p.type for p in page("beta/resources/site.md").properties}
    assert props["webUrl"] == TypeRef("Edm.String")  # "string (url)"
    account = page("beta/resources/dynamics-account.md")
    assert {p.name: p.type for p in account.properties}["number"] == TypeRef("Edm.String")  # "string, maximum size 20"
    assert errors(account) == []


def test_misspelled_primitive_types_map_to_edm_with_a_warning() -> None:
    item = page("beta/resources/dynamics-item.md")
    types = {p.name: p.type.name for p in item.properties}
    assert (types["type"], types["lastModifiedDateTime"]) == ("Edm.Decimal", "Edm.DateTimeOffset")
    assert "35: the page writes type 'numeric', which is no Edm type; reading it as Edm.Decimal" in warnings(item.diagnostics)
    assert "47: the page writes type 'datetime', which is no Edm type; reading it as Edm.DateTimeOffset" in warnings(
        item.diagnostics
    )
    group = page("beta/resources/schedulinggroup.md")
    assert {p.name: p.type.name for p in group.properties}["isActive"] == "Edm.Boolean"
    assert warnings(group.diagnostics) == ["33: the page writes type 'bool', which is no Edm type; reading it as Edm.Boolean"]
    tap = page("beta/resources/temporaryaccesspassauthenticationmethodconfiguration.md")
    assert {p.name: p.type.name for p in tap.properties}["defaultLength"] == "Edm.Int32"
    assert "31: the page writes type 'int', which is no Edm type; reading it as Edm.Int32" in warnings(tap.diagnostics)


def test_deprecated_names_are_the_names() -> None:
    """onlineMeeting: `autoAdmittedUsers (deprecated)` names autoAdmittedUsers."""
    fragment = page("beta/resources/onlinemeeting.md")
    assert {"autoAdmittedUsers", "capabilities"} <= {p.name for p in fragment.properties}
    assert errors(fragment) == []


# -- rows that are no properties, lists of possible values ----------------------------------------


def test_annotation_rows_are_annotations() -> None:
    fragment = page("v1.0/resources/shiftpreferences.md")
    assert [a.name for a in fragment.annotations] == ["@odata.etag"]
    assert "@odata.etag" not in {p.name for p in fragment.properties}
    assert [p.name for p in fragment.properties] == ["id", "availability", "createdDateTime", "lastModifiedDateTime", "lastModifiedBy"]


def test_possible_values_are_whole_code_spans_of_their_own_sentence() -> None:
    """Not `Group` out of "unifiedGroups"; not `Required` from the sentence after the list."""
    target = {p.name: p for p in page("beta/resources/targetresource.md").properties}
    assert [m.name for m in target["groupType"].enum_members] == ["unifiedGroups", "azureAD", "unknownFutureValue"]
    attendee = {p.name: p for p in page("v1.0/resources/attendeebase.md").properties}
    assert [m.name for m in attendee["type"].enum_members] == ["required", "optional", "resource"]


# -- API pages: actions and functions, request bodies ---------------------------------------------


def test_an_action_page_is_an_action_not_a_create() -> None:
    fragment = page("v1.0/api/driveitem-restore.md")
    assert fragment.operation is None and fragment.properties == ()
    assert errors(fragment) == []  # its example's `"id": "String",}` is drift, not a reason to leave the page out
    (bad,) = [d for d in fragment.diagnostics if d.kind == "example-json"]
    assert (bad.severity, bad.loc.line) == ("warning", 76)  # the `},` after the trailing comma
    assert bad.message == "example body is not valid JSON (Expecting property name enclosed in double quotes); the example is not checked"
    op = fragment.service_operation
    assert op is not None
    assert [(e.role, e.body is None) for e in op.examples] == [("request", True), ("response", False)]  # only the bad body dropped
    assert (op.kind, op.name, op.namespace, op.bound) == ("action", "restore", "microsoft.graph", True)
    assert [(p.name, p.type) for p in op.parameters] == [
        ("bindingParameter", TypeRef("microsoft.graph.driveItem")),
        ("parentReference", TypeRef("microsoft.graph.ItemReference")),
        ("name", TypeRef("Edm.String")),
    ]
    assert op.return_type == TypeRef("microsoft.graph.driveItem")  # "the restored [driveItem] object"
    assert op.paths == ("/me/drive/items/{item-id}/restore",)
    assert op.loc == op.documented_at and op.loc is not None and op.loc.line == 31
    assert op.permissions is not None and op.permissions.application == ("Files.ReadWrite.All",)
    assert fragment.entity == "microsoft.graph.driveItem"


def test_an_action_bound_to_a_collection() -> None:
    fragment = page("beta/api/intune-deviceconfig-devicecompliancepolicy-setscheduledretirestate.md")
    op = fragment.service_operation
    assert op is not None and fragment.operation is None
    assert [(p.name, p.type) for p in op.parameters] == [
        ("bindingParameter", TypeRef("microsoft.graph.devicecompliancepolicy", collection=True)),
        ("state", TypeRef("microsoft.graph.scheduledRetireState")),
        ("managedDeviceIds", TypeRef("Edm.String", collection=True)),
    ]
    assert op.return_type is None  # 204 No Content
    assert fragment.diagnostics == ()  # a blank line before the example's headers is no JSON error
    request = op.examples[0]
    assert [h.name for h in request.headers] == ["Content-type", "Content-length"]
    assert request.json_body() == {"state": "comfirmRetire", "managedDeviceIds": ["Managed Device Ids value"]}


def test_a_function_page_with_function_parameters() -> None:
    fragment = page("beta/api/reportroot-getemailactivityuserdetail.md")
    op = fragment.service_operation
    assert op is not None and fragment.operation is None
    assert (op.kind, op.name) == ("function", "getEmailActivityUserDetail")
    assert [(p.name, p.type.name) for p in op.parameters] == [
        ("bindingParameter", "microsoft.graph.reportRoot"), ("period", "Edm.String"), ("date", "Edm.Date"),
    ]
    assert op.return_type == TypeRef("microsoft.graph.emailActivityUserDetail")
    assert len(op.paths) == 2


def test_a_function_called_with_arguments() -> None:
    """chart-image.md: GET .../charts/{name}/Image(width=0,height=0,fittingMode='fit')."""
    op = page("beta/api/chart-image.md").service_operation
    assert op is not None and (op.kind, op.name, op.bound) == ("function", "Image", True)
    assert [p.name for p in op.parameters] == ["bindingParameter", "height", "width", "fittingMode"]
    assert op.parameters[0].type == TypeRef("microsoft.graph.Chart")


def test_a_title_verb_that_begins_the_operation_name() -> None:
    """"Reset accessReview": POST /accessReviews/{reviewId}/resetDecisions, bound to accessReview."""
    op = page("beta/api/accessreview-reset.md").service_operation
    assert op is not None and (op.kind, op.name) == ("action", "resetDecisions")
    assert op.bound and op.parameters[0].type == TypeRef("microsoft.graph.accessReview")


def test_a_list_page_titled_with_the_navigation_it_lists() -> None:
    """"List childTags" at ediscovery-tag-childtags.md: the file name ends in the segment, yet a list."""
    fragment = page("beta/api/ediscovery-tag-childtags.md")
    assert fragment.service_operation is None
    assert fragment.operation is not None and fragment.operation.kind == "list"


def test_an_action_page_that_names_no_binding_type_is_a_warning() -> None:
    fragment = page("beta/api/listitemversion-restore.md")
    op = fragment.service_operation
    assert op is not None and op.name == "restoreVersion" and not op.bound
    assert warnings(fragment.diagnostics) == ["33: the page does not say which type restoreVersion binds to; it binds to no builder"]


def test_supply_a_json_representation_of_x_is_the_body() -> None:
    fragment = page("beta/api/accesspackagecatalog-post.md")
    assert fragment.operation is not None and fragment.operation.kind == "create"
    assert fragment.operation.body == TypeRef("microsoft.graph.accessPackageCatalog")
    assert fragment.diagnostics == ()


def test_provide_the_x_object_is_the_body() -> None:
    fragment = page("v1.0/api/openshift-post.md")
    assert fragment.operation is not None and fragment.operation.body == TypeRef("microsoft.graph.openShift")
    assert errors(fragment) == []


def test_the_values_for_relevant_fields_are_the_entity() -> None:
    """An update page with no table: "supply the values for relevant fields that should be updated"."""
    fragment = page("beta/api/dynamics-taxarea-update.md")
    assert fragment.operation is not None and fragment.operation.kind == "update"
    assert fragment.operation.body == TypeRef("microsoft.graph.taxAreas") == TypeRef(fragment.entity)
    assert [e for e in errors(fragment) if "request-body" in e] == []


def test_a_key_placeholder_with_spaces_and_a_title_with_words_before_the_colon() -> None:
    """"teamsAppInstallation in personal scope: upgrade", POST /users/{user-id | user-principal-name}/..."""
    fragment = page("v1.0/api/userteamwork-teamsappinstallation-upgrade.md")
    op = fragment.service_operation
    assert op is not None and op.name == "upgrade"
    assert op.paths == ("/users/{user-id|user-principal-name}/teamwork/installedApps/{app-installation-id}/upgrade",)
    assert op.parameters[0].type == TypeRef("microsoft.graph.teamsAppInstallation")
    assert fragment.diagnostics == ()


def test_a_body_that_is_not_json_is_no_body_and_no_error() -> None:
    """driveitem-get-content.md: a 302 redirect, and "<first 1024 bytes of file>"."""
    fragment = page("beta/api/driveitem-get-content.md")
    assert fragment.operation is not None and fragment.diagnostics == ()
    assert [(e.role, e.status, e.body) for e in fragment.operation.examples] == [
        ("request", None, None), ("response", 302, None), ("request", None, None), ("response", 206, None),
    ]


def test_request_body_tables_of_other_types_are_skipped_with_a_warning() -> None:
    """One create page, three "### X object" tables: the page's own type is read, the others not."""
    fragment = page("beta/api/identityproviderbase-post-identityproviders.md")
    assert fragment.entity == "microsoft.graph.socialIdentityProvider"
    assert [p.name for p in fragment.properties] == ["clientId", "clientSecret", "displayName", "identityProviderType"]
    assert warnings(fragment.diagnostics) == [
        "69: table under 'openIdConnectIdentityProvider object' describes another type than socialIdentityProvider; skipped",
        "83: table under 'appleIdentityProvider object' describes another type than socialIdentityProvider; skipped",
    ]


def test_the_type_a_list_returns_is_the_type_it_lists() -> None:
    """"List registeredUsers" returns "collection of [directoryObject] objects": not a type
    called registeredUsers, which no source defines (the page was left out of the run)."""
    fragment = page("beta/api/device-list-registeredusers.md")
    assert fragment.operation is not None and fragment.operation.kind == "list"
    assert fragment.entity == fragment.operation.entity == "microsoft.graph.directoryObject"


def test_a_delete_page_names_its_type_in_the_file_name() -> None:
    """"Delete threat intelligence indicator": the title's last word is no type; tiindicator-delete.md is."""
    fragment = page("beta/api/tiindicator-delete.md")
    assert fragment.operation is not None and fragment.operation.kind == "delete"
    assert fragment.entity == "microsoft.graph.tiindicator"  # merge spells it tiIndicator, as the CSDL does


def test_adding_a_reference_needs_no_property_table() -> None:
    fragment = page("beta/api/group-post-owners.md")
    assert errors(fragment) == []


# -- joined with the CSDL --------------------------------------------------------------------------


def test_docs_actions_join_the_csdl_actions() -> None:
    sources = [
        PAGES / "v1.0/api/driveitem-restore.md",
        PAGES / "beta/api/intune-deviceconfig-devicecompliancepolicy-setscheduledretirestate.md",
        PAGES / "beta/api/listitemversion-restore.md",
        OPERATIONS_CSDL,
    ]
    schema = merge(read_sources(sources, ROOT))
    ops = {o.name: o for o in schema.service_operations}
    restore, retire = ops["restore"], ops["setScheduledRetireState"]
    # The CSDL's own parameters and return type stand; the page adds its facts.
    assert restore.loc.file.endswith(".xml") and restore.parameters[1].type.name == "microsoft.graph.itemReference"
    assert restore.documented_at is not None and restore.documented_at.file.endswith("driveitem-restore.md")
    assert restore.description.startswith("Restore a driveItem")
    assert retire.paths == ("/deviceManagement/deviceCompliancePolicies/setScheduledRetireState",)
    assert len(schema.service_operations) == 3
    assert "33: the docs document action restoreVersion, which the CSDL does not have" in warnings(schema.diagnostics)


def test_a_docs_action_joins_the_csdl_action_bound_to_a_base_type(tmp_path: Path) -> None:
    csdl = tmp_path / "base.xml"
    csdl.write_text(OPERATIONS_CSDL.read_text().replace(
        '<Parameter Name="bindingParameter" Type="graph.driveItem" />', '<Parameter Name="bindingParameter" Type="graph.baseItem" />'
    ))
    schema = merge(read_sources([PAGES / "v1.0/api/driveitem-restore.md", csdl], ROOT))
    (restore,) = [o for o in schema.service_operations if o.name == "restore"]
    assert restore.parameters[0].type.name == "microsoft.graph.baseItem" and restore.documented_at is not None
    assert not [w for w in warnings(schema.diagnostics) if "restore" in w]


def test_a_docs_action_bound_to_a_type_no_source_defines_is_left_out() -> None:
    schema = merge(read_sources([PAGES / "v1.0/api/driveitem-restore.md"], ROOT))
    assert schema.service_operations == ()
    assert (
        "31: the docs document action restore bound to microsoft.graph.driveItem, but no source defines "
        "microsoft.graph.driveItem; left out"
    ) in warnings(schema.diagnostics)


# -- rendered text ---------------------------------------------------------------------------------


def test_a_rendered_page_without_a_namespace_line_is_qualified_as_markdown_is(tmp_path: Path) -> None:
    seed = ROOT / "schemas" / "docs" / "000_e2f8227b4674fe38.txt"
    bare = tmp_path / seed.name
    bare.write_text("".join(l for l in seed.read_text().splitlines(keepends=True) if not l.startswith("Namespace:")))
    fragment = read_docs_page(bare, "000.txt")
    assert fragment.form == "rendered" and fragment.namespace == ""
    with_line, without = merge([read_docs_page(seed, "000.txt")]), merge([fragment])
    assert [e.qualified_name for e in without.entities] == ["microsoft.graph.pfxUserCertificate"]
    assert [(p.name, p.type) for p in without.entities[0].properties] == [
        (p.name, p.type) for p in with_line.entities[0].properties
    ]
    assert [(o.entity, o.kind) for o in without.operations] == [("microsoft.graph.pfxUserCertificate", "create")]


def test_a_property_listed_again_with_another_description_is_a_warning(tmp_path: Path) -> None:
    """The second row is dropped: where it said something else, the drop is said too."""
    edited = copy_with(
        tmp_path, "beta/resources/shareddriveitem.md",
        "| **driveItem**     | [**driveItem**][driveItem]            | Used to access the underlying **driveItem**",
        "| **driveItem**     | [**driveItem**][driveItem]            | Used to access the underlying **driveItem** again",
    )
    fragment = read_docs_page(edited, "shareddriveitem.md")
    assert fragment.navigation_properties[0].description == "Used to access the underlying driveItem"
    assert warnings(fragment.diagnostics) == ["71: driveItem is listed again, described otherwise; the first, at line 60, is kept"]
    assert [d.kind for d in fragment.diagnostics] == ["listed-twice"]


# -- rows that break the table's grid -------------------------------------------------------------


def test_a_pipe_in_a_description_is_read_as_part_of_it() -> None:
    fragment = page("beta/resources/intune-deviceconfig-ioscustomconfiguration.md")
    props = {p.name: p for p in fragment.properties}
    assert props["payloadFileName"].description == "Payload file name (*.mobileconfig | *.xml)."
    assert props["payloadFileName"].type == TypeRef("Edm.String")
    assert warnings(fragment.diagnostics) == ["47: table row: a '|' in its last cell splits the row into 4 cells; read as one cell"]
    assert [d.kind for d in fragment.diagnostics] == ["table-row"]


def test_a_description_continued_on_a_row_of_its_own_is_joined_to_it() -> None:
    fragment = page("beta/resources/intune-deviceconfig-windowsdeliveryoptimizationconfiguration.md")
    props = {p.name: p for p in fragment.properties}
    assert props["maximumCacheAgeInDays"].description.endswith("Valid values 0 to 3650")  # an ordinary row
    minimum = props["minimumDiskSizeAllowedToPeerInGigabytes"].description
    assert minimum.endswith("Recommended values: 64 GB to 256 GB. Valid values 1 to 100000")
    assert not errors(fragment)
    assert "57: table row holds only text: read as the end of minimumDiskSizeAllowedToPeerInGigabytes's description (line 56)" in warnings(
        fragment.diagnostics
    )
    threats = {p.name: p for p in page("v1.0/resources/securescorecontrolprofile.md").properties}["threats"]
    assert threats.description.endswith("phishingOrWhaling,spoofing).")
    assert "elevationOfPrivilege" in [m.name for m in threats.enum_members] or "elevationOfPrivilege" in threats.description


def test_a_bold_label_row_with_empty_cells_is_a_group_label() -> None:
    fragment = page("beta/api/intune-shared-user-create.md")
    assert not errors(fragment)
    assert [p.name for p in fragment.properties][:2] == ["id", "deviceEnrollmentLimit"]


def test_a_row_naming_a_path_into_a_property_is_not_a_property() -> None:
    fragment = page("beta/resources/agreement.md")
    assert not errors(fragment)
    names = [p.name for p in fragment.navigation_properties]
    assert names == ["acceptances", "files", "file"]
    assert "50: table row documents 'file/localizations/{localizationId}/versions', a property of a property: not a property of this type; not read" in warnings(
        fragment.diagnostics
    )


def test_type_cells_in_words_name_their_type() -> None:
    """Real pages write a type in words: each is read as the type it names, with a drift row
    (kind type-words); a cell naming several is Edm.Untyped, its values kept as JSON."""

    def typed(name: str, prop: str) -> tuple[TypeRef, list[str]]:
        fragment = page(name)
        found = {p.name: p for p in (*fragment.properties, *fragment.navigation_properties)}
        if fragment.service_operation is not None:
            found.update({p.name: p for p in fragment.service_operation.parameters})  # type: ignore[misc]
        assert not errors(fragment)
        return found[prop].type, [f"{d.kind}: {d.message}" for d in fragment.diagnostics if d.kind == "type-words"]

    ref, rows = typed("beta/api/alert-update.md", "feedback")
    assert ref == TypeRef("microsoft.graph.alertFeedback", is_enum=True)
    assert rows[0] == "type-words: the page writes type 'alertFeedback enum'; reading it as the enum alertFeedback"
    ref, rows = typed("beta/api/driveitem-preview.md", "page")
    assert ref == TypeRef("Edm.Untyped") and "no one type" in rows[0]
    assert typed("v1.0/resources/projectrome-activity.md", "contentInfo")[0] == TypeRef("Edm.Untyped")
    ref, rows = typed("beta/resources/call.md", "routingPolicies")
    assert (ref.name, ref.collection) == ("microsoft.graph.routingPolicy", True) and rows
    assert typed("beta/api/chat-post.md", "topic") == (TypeRef("Edm.String"), [])
