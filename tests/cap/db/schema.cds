// The shop's tables. One entity per OData shape the generated client has to handle; the
// service in ../srv exposes them under /odata/v4/shop.
namespace shop;

using { cuid, managed } from '@sap/cds/common';

// A CDS enum: $metadata shows it as Edm.String with Validation.AllowedValues, not an EnumType.
type OrderStatus : String(10) enum {
  open;
  shipped;
  cancelled;
}

// String key; `name` is Nullable=false without a default, so a create must send it (@mandatory:
// CAP answers 400 when it is missing; `not null` alone would reach the database and give 500).
entity Customers {
  key ID       : String(10);
      name     : String(100) not null @mandatory;
      email    : String(200);
      birthday : Date;
      orders   : Association to many Orders on orders.customer = $self;
}

// String key; Decimal, Int64, Date, Time and Binary values; a media stream (photo).
entity Products {
  key ID          : String(10);
      name        : String(100) not null @mandatory;
      price       : Decimal(9, 2);
      stock       : Integer default 0;
      views       : Int64;
      releaseDate : Date;
      opensAt     : Time;
      thumbnail   : Binary(64);
      photo       : LargeBinary @Core.MediaType: photoType;
      photoType   : String(64)  @Core.IsMediaType;
}

// UUID key (cuid), managed fields, an ETag, an enum, a computed element, a composition.
entity Orders : cuid, managed {
  customer  : Association to Customers;
  status    : OrderStatus default 'open';
  orderedAt : Timestamp not null @mandatory;
  closedAt  : DateTime;
  note      : String(200);
  total     : Decimal(11, 2) @readonly;
  lines     : Composition of many OrderLines on lines.order = $self;
}

// Composite key: the order it belongs to and a line number.
entity OrderLines {
  key order    : Association to Orders;
  key line     : Integer;
      product  : Association to Products;
      quantity : Integer not null @mandatory;
      price    : Decimal(9, 2);
}

// One row, served as a singleton.
entity Settings {
  key ID          : Integer;
      currency    : String(3);
      openingTime : Time;
      maxLines    : Integer;
}
