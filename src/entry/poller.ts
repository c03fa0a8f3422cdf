// Lambda: runs every minute on an EventBridge schedule.
import { makeLambdaPollerHandler } from '../container/lambda-worker';

export const handler = makeLambdaPollerHandler(process.env);
