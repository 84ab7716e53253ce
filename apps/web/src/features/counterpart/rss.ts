/**
 * The RSS instrument and its scoring, from the domain: libs/domain/src/rss.ts is a pure module with no import at all
 * (it also runs in Temporal's workflow sandbox, which refuses Node built-ins), so the browser bundle takes it as is.
 * The console uses it to lay out the questions and to preview the scores as the counterpart answers; the recorded
 * score is the engine's (the case view's reintegration.rss), computed with the instrument the API is configured with.
 */
export {
  RSS_DIMENSIONS,
  RSS_INSTRUMENT_V1,
  scoreRss,
  type RssAnswer,
  type RssDimension,
  type RssIndicator,
  type RssInstrument,
  type RssScore,
} from '../../../../../libs/domain/src/rss';
