// Handlers for ShopService: every action and function returns a real value computed from the
// data, so a client test can check what came back, not just that something did.
const cds = require('@sap/cds')

const DAY_MS = 24 * 60 * 60 * 1000

module.exports = class ShopService extends cds.ApplicationService {
  init() {
    const { Orders, Products } = this.entities

    // total is @readonly: the server computes it from the lines of a deep insert.
    this.before('CREATE', Orders, (req) => {
      const lines = req.data.lines || []
      const cents = lines.reduce((sum, l) => sum + Math.round(Number(l.price || 0) * 100) * (l.quantity || 0), 0)
      req.data.total = (cents / 100).toFixed(2)
    })

    this.on('cancel', Orders, async (req) => {
      const [{ ID }] = req.params
      const order = await SELECT.one.from(Orders, ID)
      if (!order) return req.reject(404, `Order ${ID} does not exist`)
      if (order.status === 'cancelled') return req.reject(409, `Order ${ID} is already cancelled`)
      const { reason } = req.data
      await UPDATE(Orders, ID).with({ status: 'cancelled', closedAt: new Date().toISOString(), note: reason })
      return SELECT.one.from(Orders, ID)
    })

    this.on('daysOpen', Orders, async (req) => {
      const [{ ID }] = req.params
      const order = await SELECT.one.from(Orders, ID).columns('orderedAt', 'closedAt')
      if (!order) return req.reject(404, `Order ${ID} does not exist`)
      const end = order.closedAt ? Date.parse(order.closedAt) : Date.now()
      return Math.floor((end - Date.parse(order.orderedAt)) / DAY_MS)
    })

    this.on('openBefore', Orders, async (req) => {
      const { before } = req.data
      return SELECT.from(Orders).where({ status: 'open', orderedAt: { '<': before } }).orderBy('orderedAt')
    })

    this.on('noteOpen', Orders, async (req) => {
      const { customer, note } = req.data
      return UPDATE(Orders).with({ note }).where({ customer_ID: customer, status: 'open' })
    })

    this.on('findProducts', async (req) => {
      const { name, releasedAfter } = req.data
      const query = SELECT.from(Products).orderBy('ID')
      if (name) query.where`tolower(name) like ${'%' + name.toLowerCase() + '%'}`
      if (releasedAfter) query.where`releaseDate > ${releasedAfter}`
      return query
    })

    this.on('restock', async (req) => {
      const { product, quantity } = req.data
      if (!Number.isInteger(quantity) || quantity < 1) return req.reject(400, 'quantity must be a positive integer')
      const found = await SELECT.one.from(Products, product).columns('stock')
      if (!found) return req.reject(404, `Product ${product} does not exist`)
      const stock = (found.stock || 0) + quantity
      await UPDATE(Products, product).with({ stock })
      return { product, stock, restockedAt: new Date().toISOString() }
    })

    this.on('productNames', async (req) => {
      const { maxPrice } = req.data
      const rows = await SELECT.from(Products).columns('name').where({ price: { '<=': maxPrice } }).orderBy('name')
      return rows.map((r) => r.name)
    })

    return super.init()
  }
}
