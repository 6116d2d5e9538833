// Loaded on demand by chart.tsx: uPlot and its stylesheet land in their own chunk.
import UPlot from 'uplot'
import 'uplot/dist/uPlot.min.css'

export { UPlot }
