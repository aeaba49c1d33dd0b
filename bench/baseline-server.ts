// The baseline: a bare express 5 app answering a constant JSON, as the toolchain notes measured.
import express from 'express';

const app = express();
app.get('/healthz', (_req, res) => res.json({ status: 'ok' }));
app.post('/api/chat', (_req, res) => res.json({ replies: [{ text: 'ok' }], match: { kind: 'fallback' } }));
app.listen(Number(process.env.PORT), process.env.HOST ?? '127.0.0.1');
