// Lambda: HTTP API `POST /slack/events`.
import { makeLambdaHttpHandler } from '../container/lambda-http';

export const handler = makeLambdaHttpHandler(process.env);
