/**
 * Published ranges for e-commerce traffic, one per measure of `clickgen inspect`: the one
 * machine-readable place for them. docs/realism.md shows the same table with the sources in
 * full, and a test keeps the two in agreement. Shares are fractions.
 *
 * Sources are abbreviated here; the labels say how each was found: [P] primary publisher,
 * [S] secondary page quoting the primary, [C] counts in public dataset code, [D] derived by
 * arithmetic from those, [I] interpolated or proposed (no direct source).
 */
export interface BenchmarkRange {
  /** Row number in docs/realism.md. */
  readonly id: string;
  /** Dotted path of the measure in the `inspect --json` report. */
  readonly measure: string;
  readonly label: string;
  readonly unit: 'share' | 'ratio' | 'seconds' | 'pages' | 'usd' | 'units' | 'exponent' | 'points';
  readonly low: number;
  readonly high: number;
  /** The value the `shop` scenario aims at. */
  readonly target: number;
  readonly sources: string;
}

export const BENCHMARK_RANGES: readonly BenchmarkRange[] = [
  { id: '1', measure: 'conversion_rate', label: 'Session conversion rate', unit: 'share', low: 0.012, high: 0.03, target: 0.019, sources: 'Salesforce 1.7% [P]; Littledata 1.4% [S]; Contentsquare 2.3% [S]; IRP 1.5–1.9% [P]; Wolfgang 1.48% [S]; Screen Pages 2.8% [P]' },
  { id: '2a', measure: 'by_device.mobile.conversion_rate', label: 'Conversion rate, mobile', unit: 'share', low: 0.008, high: 0.022, target: 0.014, sources: 'Monetate 1.79% [S]; Endertech 1.8% [S]; Littledata 1.2% [S]' },
  { id: '2b', measure: 'by_device.desktop.conversion_rate', label: 'Conversion rate, desktop', unit: 'share', low: 0.019, high: 0.045, target: 0.03, sources: 'Monetate 4.44% [S]; Endertech 3.9% [S]; Littledata 1.9% [S]' },
  { id: '2c', measure: 'by_device.tablet.conversion_rate', label: 'Conversion rate, tablet', unit: 'share', low: 0.015, high: 0.04, target: 0.026, sources: 'Endertech 3.8% [S]; Monetate 3.4% [S]' },
  { id: '2d', measure: 'ratios.mobile_to_desktop_conversion', label: 'Conversion, mobile ÷ desktop', unit: 'ratio', low: 0.35, high: 0.75, target: 0.47, sources: 'Monetate 0.40 [S]; Endertech 0.46 [S]; Littledata 0.63 [S]; Kibo 0.72–0.89 (2020) [P]' },
  { id: '3', measure: 'cart.add_to_cart_rate', label: 'Sessions with an add to cart', unit: 'share', low: 0.04, high: 0.12, target: 0.07, sources: 'Littledata 5.2% (top 20% > 9%) [P]; Monetate 7.4–8.3% [S]' },
  { id: '4', measure: 'cart.abandonment_rate', label: 'Cart abandonment (1 − buying ÷ carting sessions)', unit: 'share', low: 0.6, high: 0.8, target: 0.72, sources: 'Baymard 69.8–70.2% (studies 55–83%) [P/S]; Dynamic Yield 70.8% [S]; Barilliance 72% [P]' },
  { id: '5', measure: 'cart.checkout_completion', label: 'Checkout completion (buying ÷ checkout sessions)', unit: 'share', low: 0.35, high: 0.65, target: 0.47, sources: 'Littledata 45.2% (top 20% 63%) [P]' },
  { id: '5b', measure: 'cart.checkout_rate', label: 'Checkout sessions ÷ carting sessions', unit: 'ratio', low: 0.35, high: 0.75, target: 0.58, sources: 'derived from rows 3–5 [D]; Shopify community median ~0.37 [S]' },
  { id: '6a', measure: 'by_device.mobile.share', label: 'Sessions on mobile', unit: 'share', low: 0.58, high: 0.8, target: 0.7, sources: 'Salesforce 78% [P]; Contentsquare ≈70% [S]; Dynamic Yield 65% [S]; Wolfgang 70% [S]' },
  { id: '6b', measure: 'by_device.desktop.share', label: 'Sessions on desktop', unit: 'share', low: 0.18, high: 0.4, target: 0.27, sources: 'Dynamic Yield 32% [S]; Episerver 37% [S]' },
  { id: '6c', measure: 'by_device.tablet.share', label: 'Sessions on tablet', unit: 'share', low: 0.01, high: 0.08, target: 0.03, sources: 'Dynamic Yield 2.8% [S]; Episerver 4.2% [S]; Monetate 7.7% [S]' },
  { id: '7', measure: 'bounce_rate', label: 'Bounce rate (single-event sessions)', unit: 'share', low: 0.35, high: 0.55, target: 0.45, sources: 'Contentsquare 47–49% [P/S]; Screen Pages 44–48% [P]; Oberlo 47% [S]' },
  { id: '7b', measure: 'ratios.mobile_minus_desktop_bounce', label: 'Bounce rate, mobile − desktop', unit: 'points', low: 0, high: 0.12, target: 0.06, sources: 'Contentsquare 2020 +8 [S]; Monetate +11 [S]; Oberlo +0.4 [S]' },
  { id: '8a', measure: 'pages_per_session.mean', label: 'Pages per session, mean', unit: 'pages', low: 3, high: 8, target: 5, sources: 'Contentsquare ≈4.9 [D]; Kibo 5–11 [P]; GA sample 3.35 [C/D]' },
  { id: '8b', measure: 'pages_per_session.p50', label: 'Pages per session, median', unit: 'pages', low: 2, high: 4, target: 3, sources: 'shape: bounces plus a log-normal tail (OTTO σ≈1.4) [C/D]; range proposed [I]' },
  { id: '8c', measure: 'pages_per_session.p90', label: 'Pages per session, 90th percentile', unit: 'pages', low: 8, high: 20, target: 12, sources: 'OTTO p90/median ≈ 6.5 [C/D]; proposed [I]' },
  { id: '9', measure: 'session_duration_s.mean', label: 'Session duration, mean (last − first event)', unit: 'seconds', low: 75, high: 240, target: 120, sources: 'Contentsquare p25–p75 75–210 s [S]; Opensend 123 s [S]; GA sample 120 s [C/D]' },
  { id: '9b', measure: 'session_duration_s.p50', label: 'Session duration, median', unit: 'seconds', low: 5, high: 90, target: 30, sources: 'proposed; bounces count as 0 s [I]' },
  { id: '10a', measure: 'event_gap_s.p50', label: 'Gap between events, median', unit: 'seconds', low: 10, high: 60, target: 25, sources: 'Contentsquare time on page 54 s [S]; heavy tail (Chmiel ≈1.3) [S]; range proposed [I]' },
  { id: '10b', measure: 'event_gap_s.mean', label: 'Gap between events, mean', unit: 'seconds', low: 20, high: 90, target: 45, sources: 'Contentsquare 54 s [S]; 120 s over ≈4 gaps [D]' },
  { id: '11a', measure: 'hourly.trough_to_peak', label: 'Hourly sessions, quietest ÷ busiest hour', unit: 'ratio', low: 0.08, high: 0.3, target: 0.15, sources: 'Oberlo hourly index 22 ÷ 151 [S]' },
  { id: '11b', measure: 'hourly.day_floor_to_peak', label: 'Hourly sessions, quietest of 10h–23h ÷ busiest', unit: 'ratio', low: 0.6, high: 1, target: 0.68, sources: 'Oberlo 10h 103 ÷ 151 [S]; compete.com evening peak [S]' },
  { id: '11c', measure: 'hourly.night_share', label: 'Sessions starting 0h–5h local', unit: 'share', low: 0.07, high: 0.15, target: 0.134, sources: 'Oberlo index, interpolated hours [S/I]' },
  { id: '12a', measure: 'weekly.min_index', label: 'Quietest weekday ÷ mean', unit: 'ratio', low: 0.8, high: 1.25, target: 0.89, sources: 'Oberlo 2023 Tue 89 [S]' },
  { id: '12b', measure: 'weekly.max_index', label: 'Busiest weekday ÷ mean', unit: 'ratio', low: 0.8, high: 1.25, target: 1.18, sources: 'Oberlo 2023 Fri 118 [S]' },
  { id: '12c', measure: 'weekly.max_to_min', label: 'Busiest ÷ quietest weekday', unit: 'ratio', low: 1.05, high: 1.35, target: 1.33, sources: 'Oberlo 2023 118 ÷ 89 [S]; older Oberlo 113 ÷ 94 [S]' },
  { id: '13', measure: 'users.returning_share', label: 'Sessions by returning visitors', unit: 'share', low: 0.3, high: 0.55, target: 0.45, sources: 'Monetate 48% [S]' },
  { id: '13b', measure: 'ratios.returning_to_new_conversion', label: 'Conversion, returning ÷ new', unit: 'ratio', low: 1.5, high: 4, target: 2, sources: 'Barilliance 1.74 [P]; Monetate ≈1.8 [D]; GA sample ≈3–4 [C/D]' },
  { id: '14', measure: 'search.session_share', label: 'Sessions with a site search', unit: 'share', low: 0.04, high: 0.15, target: 0.07, sources: 'Salesforce 6% [P]; Econsultancy 5.4% [P]; empathy 7% [S]' },
  { id: '14b', measure: 'search.conversion_ratio', label: 'Conversion, searchers ÷ others', unit: 'ratio', low: 1.5, high: 4, target: 2.5, sources: 'Salesforce 2.8 [D]; leadinglights 2.5 [S]; Econsultancy 2.4% vs 1.7% [P]' },
  { id: '15', measure: 'products.zipf_exponent', label: 'Product views, Zipf exponent', unit: 'exponent', low: 0.8, high: 1.2, target: 1, sources: 'Amazon books 0.855–0.91 [S]' },
  { id: '15b', measure: 'products.top_20pct_share', label: 'Views on the top 20% of products', unit: 'share', low: 0.65, high: 0.92, target: 0.8, sources: 'Zipf table [D]' },
  { id: '15c', measure: 'products.top_1pct_share', label: 'Views on the top 1% of products', unit: 'share', low: 0.25, high: 0.65, target: 0.45, sources: 'Zipf table [D]' },
  { id: '16', measure: 'orders.units.mean', label: 'Units per order, mean', unit: 'units', low: 1.8, high: 3.2, target: 2.5, sources: 'Dynamic Yield 2.87 [S]; IRP 2.4–3.0 [D]' },
  { id: '17', measure: 'orders.value.mean', label: 'Average order value (USD)', unit: 'usd', low: 80, high: 150, target: 110, sources: 'Salesforce $110–121 [S]; Dynamic Yield $130 [S]; Monetate $123 [S]; GA sample $108 [C/D]' },
  { id: '17b', measure: 'orders.value.sigma_log', label: 'Order value spread (σ of ln value)', unit: 'ratio', low: 0.5, high: 1.1, target: 0.8, sources: 'proxy: REES46 item prices σ≈1.05 [D]; proposed [I]' },
  { id: '17c', measure: 'ratios.mobile_to_desktop_order_value', label: 'Order value, mobile ÷ desktop', unit: 'ratio', low: 0.7, high: 1.05, target: 0.85, sources: 'IBM 2014 0.82 [S]; Wolfgang 2017 ≈0.83 [S]' },
  { id: '18a', measure: 'by_source.organic_search.share', label: 'Sessions from organic search', unit: 'share', low: 0.2, high: 0.45, target: 0.33, sources: 'Screen Pages 39–40% [P]; Episerver 19–27% [S]; GA sample 52% [C/D]' },
  { id: '18b', measure: 'by_source.paid_search.share', label: 'Sessions from paid search', unit: 'share', low: 0.1, high: 0.35, target: 0.2, sources: 'Screen Pages 19% [P]; Episerver 14–18% [S]' },
  { id: '18c', measure: 'by_source.direct.share', label: 'Sessions from direct', unit: 'share', low: 0.12, high: 0.3, target: 0.2, sources: 'Screen Pages 14–18% [P]; Wolfgang 17–18% [S]' },
  { id: '18d', measure: 'by_source.social.share', label: 'Sessions from social', unit: 'share', low: 0.04, high: 0.15, target: 0.1, sources: 'Salesforce 7–8% [S]; Yotpo 6% [S]; GA sample 11% [C/D]' },
  { id: '18e', measure: 'by_source.email.share', label: 'Sessions from email', unit: 'share', low: 0.03, high: 0.19, target: 0.08, sources: 'Screen Pages 15–19% [P]; Yotpo 3% [S]' },
  { id: '18f', measure: 'by_source.referral.share', label: 'Sessions from referral', unit: 'share', low: 0.03, high: 0.13, target: 0.09, sources: 'Screen Pages 8–10% [P]; GA sample 13% [C/D]' },
  { id: '18g', measure: 'ratios.email_to_average_conversion', label: 'Conversion, email ÷ average', unit: 'ratio', low: 1.1, high: 2, target: 1.4, sources: 'Screen Pages 1.15–1.31 [P/D]; blog tables [S]; range proposed [I]' },
  { id: '18h', measure: 'ratios.social_to_average_conversion', label: 'Conversion, social ÷ average', unit: 'ratio', low: 0.1, high: 0.7, target: 0.4, sources: 'GA sample social 0.03% vs 1.49% [C/D]; blog tables [S]; range proposed [I]' },
  { id: '19', measure: 'cart.removes_per_add', label: 'Remove-from-cart events per add', unit: 'ratio', low: 0.1, high: 0.5, target: 0.25, sources: 'RecSys Challenge 2025 0.34 [C/D]; range proposed [I]' },
  { id: '20a', measure: 'event_mix.view', label: 'Product views among view, cart, purchase events', unit: 'share', low: 0.85, high: 0.97, target: 0.92, sources: 'Retailrocket 96.7% [S/D]; REES46 94–96% [C/D]; OTTO 89.9% [C/D]; Taobao 89.6% [C]' },
  { id: '20b', measure: 'event_mix.cart', label: 'Add-to-cart among view, cart, purchase events', unit: 'share', low: 0.02, high: 0.08, target: 0.05, sources: 'Retailrocket 2.5% [D]; REES46 2.2–3.6% [C/D]; OTTO 7.8% [C/D]; Taobao 5.5% [C]' },
  { id: '20c', measure: 'event_mix.purchase', label: 'Purchases among view, cart, purchase events', unit: 'share', low: 0.007, high: 0.03, target: 0.02, sources: 'Retailrocket 0.8% [D]; REES46 1.75–2.4% [C/D]; OTTO 2.35% [C/D]; Taobao 2.0% [C]' },
  { id: '20d', measure: 'cart.purchased_per_added_unit', label: 'Units purchased ÷ units added to cart', unit: 'ratio', low: 0.25, high: 0.8, target: 0.35, sources: 'OTTO 0.30 [C/D]; Retailrocket 0.32 [D]; RecSys 2025 0.31 [C]; REES46 Oct 0.80 [C/D]' },
];
