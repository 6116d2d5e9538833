/**
 * Characters never offered in a name, though GB 2312 has them: particles and interjections, words for
 * death, disease, filth and crime, insults, and radicals that are not characters of their own. Without
 * them the candidates of a syllable start with what a name could hold (for `de`, 德 rather than 的).
 * A surname among them (哈, 仇) is still offered where a surname is.
 */
export const NOT_IN_NAMES = [
  // particles, interjections, pronouns of speech
  '的了吗呢吧啊哦嗯呀哟嘛么哪这些们着呗喽哇唉哎噢呃咦嘿嗨吖啦咯呵哼嘻',
  // death, disease, filth, crime, insults
  '死尸屎屁尿粪病癌疮疤痔疥瘟疫痰脓蛆蝇鬼魔妖奸贼盗骗淫妓嫖娼婊屌肏贱蠢笨傻呆懒脏臭烂腐哭泣悲惨恨怨灾祸凶厄亡丧葬墓坟棺殡骸',
  // radicals
  '丨丿乚亅亠冂冖冫凵勹匚匸卩厶亻彳彡彐廴廾弋夂夊宀尢屮幺忄扌氵犭纟艹辶阝钅饣讠礻衤灬爫丬丶丷囗',
].join('')
