using shop from '../db/schema';

// Served at /odata/v4/shop (CAP's default path for ShopService).
service ShopService {
  entity Customers  as projection on shop.Customers;

  // Server-driven paging: 5 rows a page (the seed has 12 products).
  @cds.query.limit: 5
  entity Products   as projection on shop.Products;

  entity Orders     as projection on shop.Orders actions {
    // Sets status to cancelled, closedAt to now and note to the reason; 409 if already cancelled.
    action   cancel(reason : String) returns Orders;
    // Whole days from orderedAt to closedAt (or to now while the order is open).
    function daysOpen()              returns Integer;
    // Bound to the collection (`in : many $self`): the open orders placed before `before`,
    // oldest first.
    function openBefore(in : many $self, before : Date not null)                 returns many Orders;
    // Bound to the collection: sets `note` on every open order of `customer`; gives how many.
    action   noteOpen(in : many $self, customer : String(10) not null, note : String) returns Integer;
  };

  entity OrderLines as projection on shop.OrderLines;

  @odata.singleton
  entity Settings   as projection on shop.Settings;

  type StockInfo {
    product     : String(10);
    stock       : Integer;
    restockedAt : Timestamp;
  }

  // Products whose name contains `name` (case-insensitive), released after `releasedAfter`.
  function findProducts(name : String not null, releasedAfter : Date) returns many Products;
  // Adds `quantity` to a product's stock; 404 for an unknown product.
  action   restock(product : String(10), quantity : Integer)  returns StockInfo;
  // The names of products that cost at most `maxPrice`, sorted.
  function productNames(maxPrice : Decimal(9, 2))            returns many String;
}

// The ETag: CAP sends modifiedAt as the ETag and requires If-Match on PATCH, PUT and DELETE.
annotate ShopService.Orders with {
  modifiedAt @odata.etag;
}
