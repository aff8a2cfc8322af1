import type { SeededRandom } from './seeded-random.js';

/** Common Chinese surnames, roughly in order of frequency (the first ones are drawn more often). */
const SURNAMES = [
  '王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '马', '朱', '胡', '郭', '何', '高', '林', '罗',
  '郑', '梁', '谢', '宋', '唐', '许', '韩', '冯', '邓', '曹', '彭', '曾', '肖', '田', '董', '袁', '潘', '于', '蒋', '蔡',
  '余', '杜', '叶', '程', '苏', '魏', '吕', '丁', '任', '沈', '姚', '卢', '姜', '崔', '钟', '谭', '陆', '汪', '范', '金',
  '石', '廖', '贾', '夏', '韦', '付', '方', '白', '邹', '孟', '熊', '秦', '邱', '江', '尹', '薛', '闫', '段', '雷', '侯',
  '龙', '史', '陶', '黎', '贺', '顾', '毛', '郝', '龚', '邵', '万', '钱', '严', '武', '戴', '莫', '孔', '向', '汤', '欧阳',
];

const GIVEN_CHARACTERS = [
  '伟', '芳', '娜', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰', '娟', '涛', '明', '超', '霞', '平', '刚',
  '文', '华', '红', '晓', '婷', '鹏', '辉', '宇', '浩', '凯', '琳', '欣', '远', '涵', '雨', '晨', '博', '佳', '瑞', '嘉',
  '睿', '怡', '轩', '鸣', '天', '然', '墨', '曦', '航', '岩', '峰', '建', '国', '志', '海', '春', '秋', '玉', '兰', '英',
  '颖', '慧', '悦', '思', '宁', '昊', '哲', '彬', '斌', '林', '森', '晶', '璐', '蕾', '薇', '萍', '莉', '倩', '骁', '弘',
];

/** A plausible Chinese full name: a surname and one or two given-name characters. */
export function personName(random: SeededRandom): string {
  const index = Math.floor(Math.pow(random.next(), 1.6) * SURNAMES.length);
  const surname = SURNAMES[Math.min(index, SURNAMES.length - 1)]!;
  const given = random.chance(0.7)
    ? random.pick(GIVEN_CHARACTERS) + random.pick(GIVEN_CHARACTERS)
    : random.pick(GIVEN_CHARACTERS);
  return surname + given;
}
