// Lambda: consumes the jobs dead-letter queue, so a job Lambda stopped still reaches its user.
import { makeLambdaDeadLetterHandler } from '../container/lambda-worker';

export const handler = makeLambdaDeadLetterHandler(process.env);
