// The tests start moto with the same starter `npm start` uses for the playground.
export { type MotoServer, startMoto } from '../../src/sandbox/moto';
