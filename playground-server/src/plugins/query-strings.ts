// Bodies are JSON and taken as sent: the validator coerces nothing, so `true` never becomes 1
// nor `["x"]` become "x". Query strings and path params are text by nature; they are converted
// to their schema's types (`?limit=5` to 5) just before validation instead.
import fp from 'fastify-plugin';
import { KindGuard } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';

export default fp(
  async (app) => {
    app.addHook('preValidation', async (request) => {
      const schema = request.routeOptions.schema;
      if (KindGuard.IsSchema(schema?.querystring))
        request.query = Value.Convert(schema.querystring, request.query);
      if (KindGuard.IsSchema(schema?.params))
        request.params = Value.Convert(schema.params, request.params);
    });
  },
  { name: 'query-strings' },
);
