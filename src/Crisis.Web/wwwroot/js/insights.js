// Draws the insights page's charts with Apache ECharts (vendored in lib/echarts). Each chart's data comes from the
// server in a data-chart attribute: bars (stacked) or lines over named categories, values in one unit. The tables
// under the charts hold the same figures, so a reader without script, or a screen reader, loses nothing.
(function () {
    'use strict';
    if (typeof echarts === 'undefined') return;
    var palette = ['#1f5fa8', '#d9822b', '#2e8b57', '#a23b72', '#6b6b6b', '#c0392b', '#7d5ba6', '#3c9fa8', '#b5a33a', '#8a5a2b'];
    var charts = [];

    function option(chart) {
        var unit = chart.unit;
        var format = function (value) { if (value === null || value === undefined) return '—';
            return unit === '' ? String(value) : unit === '%' ? value + '%' : value + ' ' + unit; };
        return {
            color: palette,
            animation: false,
            grid: { left: 8, right: 16, top: 40, bottom: 8, containLabel: true },
            legend: { type: 'scroll', top: 0 },
            // Drawn on the canvas: an HTML tooltip's markers are inline styles, which the page's content security policy refuses.
            tooltip: { trigger: 'axis', valueFormatter: format, renderMode: 'richText' },
            xAxis: { type: 'category', data: chart.categories, axisTick: { alignWithLabel: true } },
            yAxis: { type: 'value', name: unit, minInterval: chart.kind === 'bar' ? 1 : 0, max: unit === '%' ? 100 : null },
            series: chart.series.map(function (series) {
                return {
                    name: series.name,
                    type: chart.kind,
                    stack: chart.stacked ? 'total' : undefined,
                    data: series.values,
                    connectNulls: true,
                    symbolSize: 7,
                    emphasis: { focus: 'series' }
                };
            })
        };
    }

    document.querySelectorAll('[data-chart]').forEach(function (element) {
        var chart = echarts.init(element, null, { renderer: 'canvas' });
        chart.setOption(option(JSON.parse(element.getAttribute('data-chart'))));
        charts.push(chart);
        element.setAttribute('data-drawn', 'true');
    });
    window.addEventListener('resize', function () { charts.forEach(function (chart) { chart.resize(); }); });
})();
