// The AsyncAPI HTML template pulls in puppeteer for PDF output, which Junction never uses.
// Skipping the browser download keeps `npm ci` working on machines without outside network.
module.exports = { skipDownload: true };
