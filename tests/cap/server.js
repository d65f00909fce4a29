// Binds the HTTP server to HOST (127.0.0.1 unless set) instead of every interface: the tests
// reach it on the loopback only. Everything else is CAP's own server.
const cds = require('@sap/cds')

cds.on('bootstrap', (app) => {
  const listen = app.listen.bind(app)
  app.listen = (port, ...rest) => listen(port, process.env.HOST || '127.0.0.1', ...rest)
})

module.exports = cds.server
