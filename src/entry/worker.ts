// Lambda: consumes the jobs queue (SQS, ReportBatchItemFailures).
import { makeLambdaWorkerHandler } from '../container/lambda-worker';

export const handler = makeLambdaWorkerHandler(process.env);
